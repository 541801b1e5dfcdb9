/* For the end-to-end test: checks that a PNG is a valid image of the given size and shows what
 * the view must show in the left part, where the views are. main (the default): the feature
 * vectors (enough pixels of feature 0's yellow and of the purple end of the ramp); 3d: the 3D
 * view's lifted, fogged colours (yellowish and purplish pixels, whatever the depth); phase:
 * cells in the phase colours (the render test checks the boundaries exactly).
 * Usage: png_probe FILE WIDTH HEIGHT [main|3d|phase] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <SDL_image.h>

static int near(const Uint8 *p, int r, int g, int b)
{
    return abs(p[0] - r) + abs(p[1] - g) + abs(p[2] - b) < 40;
}

static int yellowish(const Uint8 *p)
{
    return p[0] > 120 && p[1] > 100 && abs(p[0] - p[1]) < 60 && p[2] * 10 < p[1] * 6;
}

static int purplish(const Uint8 *p)
{
    /* red and blue both well above green: far from grey, green, blue and yellow */
    return p[0] * 5 > p[1] * 6 + 50 && p[2] * 5 > p[1] * 6 + 50;
}

/* Counts, over the left 60 %, what the mode looks for; 0 when the picture passes. */
static int probe(SDL_Surface *s, const char *mode, const char *file)
{
    long a = 0, b = 0, c = 0, d = 0;
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w * 6 / 10; x++) {
            const Uint8 *p = (const Uint8 *)s->pixels + y * s->pitch + x * 3;
            if (strcmp(mode, "3d") == 0) {
                a += yellowish(p);
                b += purplish(p);
            } else if (strcmp(mode, "phase") == 0) {
                /* view_phasemap_colour: Paul Tol's blue, yellow, red; white: lines, text */
                a += near(p, 0x44, 0x77, 0xaa);
                b += near(p, 0xcc, 0xbb, 0x44);
                c += near(p, 0xee, 0x66, 0x77);
                d += p[0] > 230 && p[1] > 230 && p[2] > 230;
            } else {
                a += near(p, 253, 231, 37);
                b += near(p, 68, 1, 84);
            }
        }
    if (strcmp(mode, "phase") == 0) {
        printf("png_probe: %dx%d, phase cells: %ld dropped, %ld takes, %ld antipodal pixels; %ld "
               "white\n", s->w, s->h, a, b, c, d);
        if (c < 2000 || a + b < 500) {
            fprintf(stderr, "png_probe: no phase diagram in %s\n", file);
            return 1;
        }
        return 0;
    }
    printf("png_probe: %dx%d, %ld yellow and %ld purple pixels in the %s view\n", s->w, s->h, a,
           b, mode);
    if (a < 200 || b < 100) {
        fprintf(stderr, "png_probe: the vectors are not visible in %s\n", file);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: png_probe FILE WIDTH HEIGHT [main|3d|phase]\n");
        return 2;
    }
    const char *mode = argc == 5 ? argv[4] : "main";
    int want_w = atoi(argv[2]), want_h = atoi(argv[3]);
    SDL_Surface *raw = IMG_Load(argv[1]);
    if (!raw) {
        fprintf(stderr, "png_probe: cannot read %s: %s\n", argv[1], IMG_GetError());
        return 1;
    }
    SDL_Surface *s = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_RGB24, 0);
    SDL_FreeSurface(raw);
    if (!s)
        return 1;
    int status = 0;
    if (s->w != want_w || s->h != want_h) {
        fprintf(stderr, "png_probe: %s is %dx%d, the window is %dx%d\n", argv[1], s->w, s->h,
                want_w, want_h);
        status = 1;
    }
    status |= probe(s, mode, argv[1]);
    SDL_FreeSurface(s);
    IMG_Quit();
    SDL_Quit();
    return status;
}
