#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL_ttf.h>
#include <fontconfig/fontconfig.h>

#define CACHE_SIZE 256
#define KEY_LEN 128
#define WIDTHS 4096   /* measured widths, direct-mapped by hash: a power of two */

struct cache_entry {
    char key[KEY_LEN];
    enum text_size size;
    SDL_Texture *tex;   /* white text: the colour comes from SDL_SetTextureColorMod */
    int w, h;
    SDL_Rect ink;       /* the glyphs' pixels within the texture */
    unsigned long used; /* frame-independent use counter, for least-recently-used eviction */
};

/* A string's measured width: layouts measure the same strings every frame (wrapping the help
 * alone measures hundreds of prefixes), and shaping them again costs more than drawing. */
struct width_entry {
    char key[KEY_LEN];
    enum text_size size;
    int w;
};

/* What the layout test reads (text_record); allocated when first switched on. */
struct recording {
    bool on;
    int count, dropped, layers, layer;
    struct text_box boxes[TEXT_RECORD_BOXES];
    struct text_layer layer_list[TEXT_RECORD_LAYERS];
};

struct text {
    SDL_Renderer *renderer;
    TTF_Font *font[TEXT_SIZE_COUNT];
    struct cache_entry cache[CACHE_SIZE];
    unsigned long clock;
    struct recording *rec;
    struct width_entry widths[WIDTHS];
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
    free(t->rec);
    free(t);
}

int text_height(const struct text *t, enum text_size size)
{
    return TTF_FontLineSkip(t->font[size]);
}

/* The bounding box of the pixels with any coverage (TTF_RenderUTF8_Blended gives ARGB8888). */
static SDL_Rect ink_box(SDL_Surface *surf)
{
    int x0 = surf->w, y0 = surf->h, x1 = -1, y1 = -1;
    if (surf->format->BytesPerPixel != 4 || SDL_LockSurface(surf) != 0)
        return (SDL_Rect){ 0, 0, surf->w, surf->h };
    for (int y = 0; y < surf->h; y++) {
        const Uint32 *row = (const Uint32 *)((const Uint8 *)surf->pixels + y * surf->pitch);
        for (int x = 0; x < surf->w; x++)
            if (row[x] & surf->format->Amask) {
                x0 = x < x0 ? x : x0;
                x1 = x > x1 ? x : x1;
                y0 = y < y0 ? y : y0;
                y1 = y > y1 ? y : y1;
            }
    }
    SDL_UnlockSurface(surf);
    return x1 < 0 ? (SDL_Rect){ 0, 0, 0, 0 } : (SDL_Rect){ x0, y0, x1 - x0 + 1, y1 - y0 + 1 };
}

static void record(struct text *t, const struct cache_entry *e, SDL_Rect dst, SDL_Color c,
                   const char *s)
{
    struct recording *rec = t->rec;
    if (!rec || !rec->on)
        return;
    if (rec->count == TEXT_RECORD_BOXES) {
        rec->dropped++;
        return;
    }
    struct text_box *b = &rec->boxes[rec->count++];
    b->ink = (SDL_Rect){ dst.x + e->ink.x, dst.y + e->ink.y, e->ink.w, e->ink.h };
    b->layer = rec->layer;
    b->colour = c;
    size_t len = strlen(s) < sizeof b->s - 1 ? strlen(s) : sizeof b->s - 1;
    memcpy(b->s, s, len);
    b->s[len] = 0;
}

void text_record(struct text *t, bool on)
{
    if (on && !t->rec)
        t->rec = malloc(sizeof *t->rec);
    if (!t->rec)
        return;
    if (on)
        *t->rec = (struct recording){ .on = true };
    t->rec->on = on;
}

const struct text_box *text_recorded(const struct text *t, int *count, int *dropped)
{
    *count = t->rec ? t->rec->count : 0;
    if (dropped)
        *dropped = t->rec ? t->rec->dropped : 0;
    return t->rec ? t->rec->boxes : NULL;
}

const struct text_layer *text_recorded_layers(const struct text *t, int *count)
{
    *count = t->rec ? t->rec->layers : 0;
    return t->rec ? t->rec->layer_list : NULL;
}

void text_layer_open(struct text *t, SDL_Rect area)
{
    struct recording *rec = t->rec;
    if (!rec || !rec->on || rec->layers == TEXT_RECORD_LAYERS)
        return;
    rec->layer_list[rec->layers++] = (struct text_layer){ .area = area };
    rec->layer = rec->layers;
}

void text_layer_close(struct text *t)
{
    if (t->rec)
        t->rec->layer = 0;
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
    SDL_Rect ink = ink_box(surf);
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
    victim->ink = ink;
    victim->used = t->clock;
    return victim;
}

static unsigned width_slot(enum text_size size, const char *s, size_t *len)
{
    unsigned h = 2166136261u ^ (unsigned)size;   /* FNV-1a */
    const char *p = s;
    for (; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    *len = (size_t)(p - s);
    return h & (WIDTHS - 1);
}

int text_width(struct text *t, enum text_size size, const char *s)
{
    int w = 0;
    if (!s[0])
        return 0;
    size_t len;
    struct width_entry *e = &t->widths[width_slot(size, s, &len)];
    if (e->key[0] && e->size == size && strcmp(e->key, s) == 0)
        return e->w;
    if (TTF_SizeUTF8(t->font[size], s, &w, NULL) != 0)
        return 0;
    if (len < KEY_LEN) {
        memcpy(e->key, s, len + 1);
        e->size = size;
        e->w = w;
    }
    return w;
}

/* Where the texture of e goes for a string drawn at (x, y) with align. */
static SDL_Rect place(const struct cache_entry *e, int x, int y, int align)
{
    SDL_Rect dst = { x, y, e->w, e->h };
    if (align & TEXT_CENTRE)
        dst.x -= e->w / 2;
    else if (align & TEXT_RIGHT)
        dst.x -= e->w;
    if (align & TEXT_MIDDLE)
        dst.y -= e->h / 2;
    return dst;
}

static struct cache_entry *entry(struct text *t, enum text_size size, const char *s, char *key)
{
    snprintf(key, KEY_LEN, "%s", s);   /* longer strings are cut rather than rejected */
    return s[0] ? lookup(t, size, key) : NULL;
}

SDL_Rect text_ink(struct text *t, enum text_size size, int x, int y, int align, const char *s)
{
    char key[KEY_LEN];
    struct cache_entry *e = entry(t, size, s, key);
    if (!e || e->ink.w == 0)
        return (SDL_Rect){ x, y, 0, 0 };
    SDL_Rect dst = place(e, x, y, align);
    return (SDL_Rect){ dst.x + e->ink.x, dst.y + e->ink.y, e->ink.w, e->ink.h };
}

int text_draw(struct text *t, enum text_size size, int x, int y, int align, SDL_Color c,
              const char *s)
{
    char key[KEY_LEN];
    struct cache_entry *e = entry(t, size, s, key);
    if (!e)
        return 0;
    SDL_Rect dst = place(e, x, y, align);
    SDL_SetTextureColorMod(e->tex, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(e->tex, c.a);
    SDL_SetTextureBlendMode(e->tex, SDL_BLENDMODE_BLEND);
    SDL_RenderCopy(t->renderer, e->tex, NULL, &dst);
    record(t, e, dst, c, key);
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

/* The byte length of the UTF-8 character starting at s. */
static size_t char_len(const char *s)
{
    size_t k = 1;
    while (s[k] && ((unsigned char)s[k] & 0xc0) == 0x80)
        k++;
    return k;
}

/* How many bytes of s (ending at a character's end) fit in max_w with the suffix after them. */
static size_t fitting(struct text *t, enum text_size size, const char *s, const char *suffix,
                      int max_w)
{
    char buf[KEY_LEN + 8];
    size_t best = 0;
    for (size_t k = 0; s[k] && k < KEY_LEN;) {
        size_t next = k + char_len(s + k);
        snprintf(buf, sizeof buf, "%.*s%s", (int)next, s, suffix);
        if (text_width(t, size, buf) > max_w)
            break;
        best = k = next;
    }
    return best;
}

bool text_fit(struct text *t, enum text_size size, const char *s, int max_w, char *buf,
              size_t len)
{
    if (len == 0)
        return false;
    if (text_width(t, size, s) <= max_w) {
        snprintf(buf, len, "%s", s);
        return true;
    }
    buf[0] = 0;
    if (text_width(t, size, "...") > max_w)
        return false;
    size_t k = fitting(t, size, s, "...", max_w);
    while (k > 0 && s[k - 1] == ' ')
        k--;
    snprintf(buf, len, "%.*s...", (int)k, s);
    return true;
}

int text_draw_fit(struct text *t, enum text_size size, int x, int y, int align, SDL_Color c,
                  int max_w, const char *s)
{
    char buf[KEY_LEN];
    return text_fit(t, size, s, max_w, buf, sizeof buf) ? text_draw(t, size, x, y, align, c, buf)
                                                         : 0;
}

const char *text_choose(struct text *t, enum text_size size, int max_w, char *buf, size_t len,
                        const char *const *choices)
{
    const char *last = "";
    for (; *choices; choices++) {
        last = *choices;
        if (text_width(t, size, last) <= max_w) {
            snprintf(buf, len, "%s", last);
            return buf;
        }
    }
    text_fit(t, size, last, max_w, buf, len);
    return buf;
}

size_t text_wrap(struct text *t, enum text_size size, const char *s, int max_w)
{
    size_t all = strlen(s);
    if (all == 0 || (all < KEY_LEN && text_width(t, size, s) <= max_w))
        return all;
    /* a line is drawn as one cached string: at most KEY_LEN - 1 bytes */
    char buf[KEY_LEN];
    size_t best = 0;
    for (size_t k = char_len(s); s[k] && k < KEY_LEN; k += char_len(s + k)) {
        if (s[k] != ' ')
            continue;
        snprintf(buf, sizeof buf, "%.*s", (int)k, s);
        if (text_width(t, size, buf) > max_w)
            break;
        best = k;
    }
    if (best > 0)
        return best;
    size_t k = fitting(t, size, s, "", max_w);
    return k > 0 ? k : char_len(s);
}

void text_labels_init(struct text_labels *l, SDL_Rect bounds)
{
    l->bounds = bounds;
    l->count = 0;
    l->tried = 0;
}

void text_labels_take(struct text_labels *l, SDL_Rect area)
{
    if (l->count < TEXT_LABELS_MAX && area.w > 0 && area.h > 0)
        l->taken[l->count++] = area;
}

bool text_label(struct text *t, struct text_labels *l, enum text_size size, int x, int y,
                int align, SDL_Color c, const char *s)
{
    /* Before the string is looked up: a crowded plot tries hundreds of labels a frame, more
     * strings than the cache holds. A centred label's ink covers its anchor, so an anchor on
     * a label already placed puts the ink there too. */
    if (l->count == TEXT_LABELS_MAX)
        return false;
    for (int k = 0; align == (TEXT_CENTRE | TEXT_MIDDLE) && k < l->count; k++)
        if (SDL_PointInRect(&(SDL_Point){ x, y }, &l->taken[k]))
            return false;
    if (l->tried >= TEXT_LABELS_TRIES)
        return false;
    l->tried++;
    SDL_Rect ink = text_ink(t, size, x, y, align, s);
    const SDL_Rect b = l->bounds;
    if (ink.w == 0 || ink.w > b.w || ink.h > b.h)
        return false;
    int dx = ink.x < b.x ? b.x - ink.x : ink.x + ink.w > b.x + b.w ? b.x + b.w - ink.x - ink.w : 0;
    int dy = ink.y < b.y ? b.y - ink.y : ink.y + ink.h > b.y + b.h ? b.y + b.h - ink.y - ink.h : 0;
    ink.x += dx;
    ink.y += dy;
    /* a pixel of clearance all round */
    const SDL_Rect near = { ink.x - 1, ink.y - 1, ink.w + 2, ink.h + 2 };
    for (int k = 0; k < l->count; k++)
        if (SDL_HasIntersection(&near, &l->taken[k]))
            return false;
    text_draw(t, size, x + dx, y + dy, align, c, s);
    l->taken[l->count++] = ink;
    return true;
}
