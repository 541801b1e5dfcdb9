#include "layer.h"

#include <stdlib.h>
#include <string.h>

void layer_key(struct layer *l, const void *bytes, size_t len)
{
    if (!l || l->failed)
        return;
    if (l->next_len + len > l->next_cap) {
        size_t cap = 2 * (l->next_len + len);
        unsigned char *p = realloc(l->next, cap);
        if (!p) {
            l->failed = true;
            return;
        }
        l->next = p;
        l->next_cap = cap;
    }
    memcpy(l->next + l->next_len, bytes, len);
    l->next_len += len;
}

static bool same_key(const struct layer *l)
{
    return l->valid && l->next_len == l->key_len && memcmp(l->next, l->key, l->key_len) == 0;
}

/* Whether the texture is this renderer's, of the output's size. */
static bool fits(const struct layer *l, SDL_Renderer *r, int w, int h)
{
    return l->tex && l->renderer == r && l->w == w && l->h == h;
}

/* A texture of the output's size, made anew when the size or the renderer changed. */
static bool texture_for(struct layer *l, SDL_Renderer *r, int w, int h)
{
    if (fits(l, r, w, h))
        return true;
    if (l->tex)
        SDL_DestroyTexture(l->tex);
    l->tex = SDL_CreateTexture(r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, w, h);
    l->renderer = r;
    l->w = w;
    l->h = h;
    return l->tex && SDL_SetTextureBlendMode(l->tex, SDL_BLENDMODE_NONE) == 0;
}

/* The key being built becomes the kept one (the buffers swap, nothing is copied). */
static void keep_next(struct layer *l)
{
    unsigned char *p = l->key;
    size_t cap = l->key_cap;
    l->key = l->next;
    l->key_cap = l->next_cap;
    l->key_len = l->next_len;
    l->next = p;
    l->next_cap = cap;
    l->next_len = 0;
}

enum layer_state layer_begin(struct layer *l, SDL_Renderer *r, SDL_Rect rect, SDL_Color ground)
{
    if (!l)
        return LAYER_DIRECT;
    int w, h;
    if (l->failed || !SDL_RenderTargetSupported(r) || SDL_GetRendererOutputSize(r, &w, &h) != 0) {
        l->failed = false;   /* a later frame may find the memory */
        l->next_len = 0;
        l->valid = false;
        return LAYER_DIRECT;
    }
    if (fits(l, r, w, h) && same_key(l)) {
        l->next_len = 0;
        SDL_RenderCopy(r, l->tex, &rect, &rect);
        return LAYER_KEPT;
    }
    keep_next(l);
    l->valid = false;
    l->before = SDL_GetRenderTarget(r);
    if (!texture_for(l, r, w, h) || SDL_SetRenderTarget(r, l->tex) != 0)
        return LAYER_DIRECT;
    Uint8 cr, cg, cb, ca;
    SDL_BlendMode mode;
    SDL_GetRenderDrawColor(r, &cr, &cg, &cb, &ca);
    SDL_GetRenderDrawBlendMode(r, &mode);
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(r, ground.r, ground.g, ground.b, 255);
    SDL_RenderFillRect(r, &rect);
    SDL_SetRenderDrawBlendMode(r, mode);
    SDL_SetRenderDrawColor(r, cr, cg, cb, ca);
    l->valid = true;   /* provisionally: layer_end copies it */
    return LAYER_RECORD;
}

void layer_end(struct layer *l, SDL_Renderer *r, SDL_Rect rect)
{
    if (!l || !l->tex || SDL_GetRenderTarget(r) != l->tex)
        return;
    l->valid = SDL_SetRenderTarget(r, l->before) == 0 && l->valid;
    if (l->valid)
        SDL_RenderCopy(r, l->tex, &rect, &rect);
}

void layer_finish(struct layer *l)
{
    if (!l)
        return;
    if (l->tex)
        SDL_DestroyTexture(l->tex);
    free(l->key);
    free(l->next);
    *l = (struct layer){ 0 };
}
