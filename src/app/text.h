/* Text for the window and the figures: the font is found through fontconfig at run time and
 * opened with SDL_ttf; rendered strings are kept as textures in a small cache, so a label
 * that does not change is rasterised once. Independent of any window: it needs a renderer. */
#ifndef SUPERPOSE_APP_TEXT_H
#define SUPERPOSE_APP_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

struct text;

enum text_size {
    TEXT_SMALL,
    TEXT_NORMAL,
    TEXT_LARGE,
    TEXT_SIZE_COUNT,
};

enum text_align {
    TEXT_LEFT = 0,
    TEXT_CENTRE = 1,      /* horizontal */
    TEXT_RIGHT = 2,
    TEXT_MIDDLE = 4,      /* vertical: y is the middle instead of the top */
};

/* The Debian package to install when no font is found. */
#define TEXT_FONT_PACKAGE "fonts-dejavu-core"

/* Path of a scalable sans-serif font as fontconfig resolves it, or false with a message. */
bool text_find_font(char *path, size_t len, char *err, size_t errlen);

/* Opens the font at the three sizes, scaled by `scale` (the HiDPI factor: output pixels per
 * window point). Initialises SDL_ttf if needed. NULL with a message in err on failure. */
struct text *text_create(SDL_Renderer *r, const char *font_path, float scale, char *err,
                         size_t errlen);
void text_destroy(struct text *t);

/* Line height in pixels. */
int text_height(const struct text *t, enum text_size size);
/* Width in pixels of a string. */
int text_width(struct text *t, enum text_size size, const char *s);

/* Draws s at (x, y) with the alignment flags; returns its width (0 for an empty string or
 * when it could not be rendered). */
int text_draw(struct text *t, enum text_size size, int x, int y, int align, SDL_Color c,
              const char *s);
/* printf-style form. */
int text_drawf(struct text *t, enum text_size size, int x, int y, int align, SDL_Color c,
               const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* The box the glyphs of s would cover if drawn at (x, y) with align (w = 0: none). */
SDL_Rect text_ink(struct text *t, enum text_size size, int x, int y, int align, const char *s);

/* s, or its start cut so that it and "..." fit in max_w pixels, into buf; false when not even
 * "..." fits (buf empty). */
bool text_fit(struct text *t, enum text_size size, const char *s, int max_w, char *buf,
              size_t len);
/* Draws s cut to max_w as text_fit does; returns the width drawn. */
int text_draw_fit(struct text *t, enum text_size size, int x, int y, int align, SDL_Color c,
                  int max_w, const char *s);
/* The first of the choices (NULL-terminated) that fits in max_w, else the last cut to fit
 * (text_fit), in buf; returns buf. */
const char *text_choose(struct text *t, enum text_size size, int max_w, char *buf, size_t len,
                        const char *const *choices);
/* How many bytes of s the first line takes when s is wrapped to max_w: up to the last space
 * that fits (the space is not drawn), or as many characters as fit when no space does (at
 * least one); 0 only for an empty s. Leading spaces of the rest are the caller's to skip. */
size_t text_wrap(struct text *t, enum text_size size, const char *s, int max_w);

/* Labels that may be left out where there is no room (a crowded plot's feature numbers, tick
 * labels): each is moved into the bounds and drawn only if its ink clears everything taken
 * so far by at least a pixel. Past TEXT_LABELS_TRIES strings measured the rest are left out:
 * hundreds of features would cost hundreds of strings a frame, more than the cache holds. */
#define TEXT_LABELS_MAX 96
#define TEXT_LABELS_TRIES 128
struct text_labels {
    SDL_Rect bounds;
    int count;
    int tried;   /* strings measured so far */
    SDL_Rect taken[TEXT_LABELS_MAX];
};
void text_labels_init(struct text_labels *l, SDL_Rect bounds);
/* Marks an area as taken (text drawn otherwise). */
void text_labels_take(struct text_labels *l, SDL_Rect area);
/* Draws s as text_draw would, if it fits; returns whether it was drawn. */
bool text_label(struct text *t, struct text_labels *l, enum text_size size, int x, int y,
                int align, SDL_Color c, const char *s);

/* Recording, for the layout test: while on, every string drawn is kept with the box its glyphs
 * cover (ink, in output pixels) and the layer it was drawn on. Layer 0 is the window's
 * picture; an overlay (the help, a toast) opens a layer with the box it covers, and its text
 * belongs to that layer until it is closed. */
struct text_box {
    SDL_Rect ink;          /* the pixels the glyphs cover; w = 0 when none (spaces only) */
    int layer;
    SDL_Color colour;
    char s[64];            /* the string, cut */
};
struct text_layer {
    SDL_Rect area;         /* what the overlay covers */
};
#define TEXT_RECORD_BOXES 2048
#define TEXT_RECORD_LAYERS 8

/* Starts (true: emptied) or stops recording. */
void text_record(struct text *t, bool on);
/* The boxes recorded; *count is how many (strings past TEXT_RECORD_BOXES are counted in
 * *dropped and not kept). */
const struct text_box *text_recorded(const struct text *t, int *count, int *dropped);
/* The layers opened while recording (layer k is at index k - 1). */
const struct text_layer *text_recorded_layers(const struct text *t, int *count);
/* Text from here on is drawn over `area` (an overlay), until text_layer_close. */
void text_layer_open(struct text *t, SDL_Rect area);
void text_layer_close(struct text *t);

#endif
