/* For the end-to-end tests and for looking at a recording: decodes an animated GIF whole
 * (giflib's DGifSlurp), prints "frames N size WxH centiseconds C", and checks it against what
 * is asked: its size, at least MIN frames; --png K OUT writes frame K as composed (the last
 * with K = -1) as a PNG. Exits 1 when it does not decode or a check fails.
 * Usage: gif_probe FILE [WIDTH HEIGHT [MIN]] [--png K OUT] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <SDL_image.h>

#include "gifdec.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: gif_probe FILE [WIDTH HEIGHT [MIN]] [--png K OUT]\n", stderr);
        return 2;
    }
    const char *png = NULL;
    int want_k = -1, nums[3] = { 0, 0, 1 }, count = 0;
    for (int a = 2; a < argc; a++) {
        if (strcmp(argv[a], "--png") == 0 && a + 2 < argc) {
            want_k = atoi(argv[a + 1]);
            png = argv[a + 2];
            a += 2;
        } else if (count < 3) {
            nums[count++] = atoi(argv[a]);
        }
    }
    const char *why = "";
    GifFileType *g = gifdec_open(argv[1], &why);
    if (!g) {
        fprintf(stderr, "gif_probe: %s: %s\n", argv[1], why);
        return 1;
    }
    long cs = 0;
    for (int k = 0; k < g->ImageCount; k++)
        cs += gifdec_delay(g, k);
    printf("frames %d size %dx%d centiseconds %ld\n", g->ImageCount, g->SWidth, g->SHeight, cs);
    int status = 0;
    if (count >= 2 && (g->SWidth != nums[0] || g->SHeight != nums[1])) {
        fprintf(stderr, "gif_probe: %dx%d, want %dx%d\n", g->SWidth, g->SHeight, nums[0], nums[1]);
        status = 1;
    }
    if (g->ImageCount < nums[2]) {
        fprintf(stderr, "gif_probe: %d frames, want at least %d\n", g->ImageCount, nums[2]);
        status = 1;
    }
    if (png) {
        int last = want_k < 0 || want_k >= g->ImageCount ? g->ImageCount - 1 : want_k;
        SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, g->SWidth, g->SHeight, 24,
                                                        SDL_PIXELFORMAT_RGB24);
        unsigned char *rgb = calloc((size_t)g->SWidth * g->SHeight * 3, 1);
        for (int k = 0; s && rgb && k <= last; k++)
            if (!gifdec_compose(g, k, rgb)) {
                fprintf(stderr, "gif_probe: frame %d does not compose\n", k);
                status = 1;
            }
        for (int y = 0; s && rgb && y < g->SHeight; y++)
            memcpy((unsigned char *)s->pixels + (size_t)y * s->pitch,
                   rgb + (size_t)y * g->SWidth * 3, (size_t)g->SWidth * 3);
        if (!s || !rgb || IMG_SavePNG(s, png) != 0) {
            fprintf(stderr, "gif_probe: cannot write %s\n", png);
            status = 1;
        }
        free(rgb);
        SDL_FreeSurface(s);
    }
    gifdec_close(g);
    return status;
}
