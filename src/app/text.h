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

#endif
