/* For the end-to-end test: checks that a PNG is a valid image of the given size and shows the
 * feature vectors (enough pixels of feature 0's yellow and of the purple end of the ramp in the
 * left part, where the main view is). Usage: png_probe FILE WIDTH HEIGHT */
#include <stdio.h>
#include <stdlib.h>

#include <SDL.h>
#include <SDL_image.h>

static int near(const Uint8 *p, int r, int g, int b)
{
    return abs(p[0] - r) + abs(p[1] - g) + abs(p[2] - b) < 40;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: png_probe FILE WIDTH HEIGHT\n");
        return 2;
    }
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
    long yellow = 0, purple = 0;
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w * 6 / 10; x++) {
            const Uint8 *p = (const Uint8 *)s->pixels + y * s->pitch + x * 3;
            yellow += near(p, 253, 231, 37);
            purple += near(p, 68, 1, 84);
        }
    printf("png_probe: %dx%d, %ld yellow and %ld purple pixels in the main view\n", s->w, s->h,
           yellow, purple);
    if (yellow < 200 || purple < 100) {
        fprintf(stderr, "png_probe: the vectors are not visible in %s\n", argv[1]);
        status = 1;
    }
    SDL_FreeSurface(s);
    IMG_Quit();
    SDL_Quit();
    return status;
}
