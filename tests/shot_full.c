/* Saves a noisy 640x480 picture (about 1 MB as PNG, so it cannot fit a tiny file system) with
 * screenshot_save_surface into DIR; prints the path or the failure and exits 0 or 1.
 * Used by full_disk.sh. Usage: shot_full DIR */
#include <stdio.h>

#include "screenshot.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: shot_full DIR\n", stderr);
        return 2;
    }
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 640, 480, 24, SDL_PIXELFORMAT_RGB24);
    if (!s) {
        fprintf(stderr, "shot_full: %s\n", SDL_GetError());
        return 2;
    }
    unsigned x = 12345;
    for (int y = 0; y < s->h; y++)
        for (int i = 0; i < s->w * 3; i++) {
            x = x * 1103515245u + 12345u;
            ((unsigned char *)s->pixels)[y * s->pitch + i] = (unsigned char)(x >> 23);
        }
    char path[4096];
    bool ok = screenshot_save_surface(s, argv[1], path, sizeof path);
    printf("%s\n", path);
    SDL_FreeSurface(s);
    return ok ? 0 : 1;
}
