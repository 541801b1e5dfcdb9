#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL_ttf.h>
#include <fontconfig/fontconfig.h>

#define CACHE_SIZE 256
#define KEY_LEN 128

struct cache_entry {
    char key[KEY_LEN];
    enum text_size size;
    SDL_Texture *tex;   /* white text: the colour comes from SDL_SetTextureColorMod */
    int w, h;
    unsigned long used; /* frame-independent use counter, for least-recently-used eviction */
};

struct text {
    SDL_Renderer *renderer;
    TTF_Font *font[TEXT_SIZE_COUNT];
    struct cache_entry cache[CACHE_SIZE];
    unsigned long clock;
};

static const int point_sizes[TEXT_SIZE_COUNT] = { 12, 15, 20 };

bool text_find_font(char *path, size_t len, char *err, size_t errlen)
{
    bool ok = false;
    FcPattern *pat = NULL, *match = NULL;
    if (!FcInit()) {
        snprintf(err, errlen, "fontconfig could not be initialised");
        return false;
    }
    pat = FcNameParse((const FcChar8 *)"DejaVu Sans:style=Book");
    if (!pat)
        goto cleanup;
    FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult result;
    match = FcFontMatch(NULL, pat, &result);
    FcChar8 *file = NULL;
    if (!match || FcPatternGetString(match, FC_FILE, 0, &file) != FcResultMatch || !file)
        goto cleanup;
    FcBool scalable = FcFalse;
    if (FcPatternGetBool(match, FC_SCALABLE, 0, &scalable) == FcResultMatch && !scalable)
        goto cleanup;
    snprintf(path, len, "%s", (const char *)file);
    ok = true;
cleanup:
    if (!ok)
        snprintf(err, errlen, "no usable font found through fontconfig; install the Debian "
                              "package " TEXT_FONT_PACKAGE);
    if (match)
        FcPatternDestroy(match);
    if (pat)
        FcPatternDestroy(pat);
    /* Nothing else uses fontconfig: release its configuration now (leak checkers see it
     * otherwise). */
    FcFini();
    return ok;
}

struct text *text_create(SDL_Renderer *r, const char *font_path, float scale, char *err,
                         size_t errlen)
{
    struct text *t = calloc(1, sizeof *t);
    if (!t) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    t->renderer = r;
    if (!TTF_WasInit() && TTF_Init() != 0) {
        snprintf(err, errlen, "SDL_ttf: %s", TTF_GetError());
        goto fail;
    }
    for (int k = 0; k < TEXT_SIZE_COUNT; k++) {
        int px = (int)(point_sizes[k] * scale + 0.5f);
        t->font[k] = TTF_OpenFont(font_path, px < 6 ? 6 : px);
        if (!t->font[k]) {
            snprintf(err, errlen, "cannot open font %s: %s; install the Debian package "
                     TEXT_FONT_PACKAGE, font_path, TTF_GetError());
            goto fail;
        }
        TTF_SetFontHinting(t->font[k], TTF_HINTING_LIGHT);
    }
    return t;
fail:
    text_destroy(t);
    return NULL;
}

void text_destroy(struct text *t)
{
    if (!t)
        return;
    for (int k = 0; k < CACHE_SIZE; k++)
        if (t->cache[k].tex)
            SDL_DestroyTexture(t->cache[k].tex);
    for (int k = 0; k < TEXT_SIZE_COUNT; k++)
        if (t->font[k])
            TTF_CloseFont(t->font[k]);
    free(t);
}

int text_height(const struct text *t, enum text_size size)
{
    return TTF_FontLineSkip(t->font[size]);
}

/* The cached texture for s, rendering it on a miss (evicting the least recently used). */
static struct cache_entry *lookup(struct text *t, enum text_size size, const char *s)
{
    struct cache_entry *victim = &t->cache[0];
    t->clock++;
    for (int k = 0; k < CACHE_SIZE; k++) {
        struct cache_entry *e = &t->cache[k];
        if (e->tex && e->size == size && strcmp(e->key, s) == 0) {
            e->used = t->clock;
            return e;
        }
        if (!e->tex || (victim->tex && e->used < victim->used))
            victim = e;
    }
    SDL_Surface *surf = TTF_RenderUTF8_Blended(t->font[size], s, (SDL_Color){ 255, 255, 255, 255 });
    if (!surf)
        return NULL;
    SDL_Texture *tex = SDL_CreateTextureFromSurface(t->renderer, surf);
    int w = surf->w, h = surf->h;
    SDL_FreeSurface(surf);
    if (!tex)
        return NULL;
    if (victim->tex)
        SDL_DestroyTexture(victim->tex);
    snprintf(victim->key, sizeof victim->key, "%s", s);
    victim->size = size;
    victim->tex = tex;
    victim->w = w;
    victim->h = h;
    victim->used = t->clock;
    return victim;
}

int text_width(struct text *t, enum text_size size, const char *s)
{
    int w = 0;
    if (s[0] && TTF_SizeUTF8(t->font[size], s, &w, NULL) != 0)
        return 0;
    return w;
}

int text_draw(struct text *t, enum text_size size, int x, int y, int align, SDL_Color c,
              const char *s)
{
    if (!s[0])
        return 0;
    char key[KEY_LEN];
    snprintf(key, sizeof key, "%s", s);   /* longer strings are cut rather than rejected */
    struct cache_entry *e = lookup(t, size, key);
    if (!e)
        return 0;
    SDL_Rect dst = { x, y, e->w, e->h };
    if (align & TEXT_CENTRE)
        dst.x -= e->w / 2;
    else if (align & TEXT_RIGHT)
        dst.x -= e->w;
    if (align & TEXT_MIDDLE)
        dst.y -= e->h / 2;
    SDL_SetTextureColorMod(e->tex, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(e->tex, c.a);
    SDL_SetTextureBlendMode(e->tex, SDL_BLENDMODE_BLEND);
    SDL_RenderCopy(t->renderer, e->tex, NULL, &dst);
    return e->w;
}

int text_drawf(struct text *t, enum text_size size, int x, int y, int align, SDL_Color c,
               const char *fmt, ...)
{
    char buf[KEY_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return text_draw(t, size, x, y, align, c, buf);
}
