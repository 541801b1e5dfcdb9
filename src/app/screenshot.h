/* Saves what a renderer shows as a PNG named superpose-YYYYmmdd-HHMMSS.png (with -1, -2, ...
 * when the name is taken) in a directory, never overwriting: the image goes to a temporary
 * name in the same directory first and is then linked to its final name. */
#ifndef SUPERPOSE_APP_SCREENSHOT_H
#define SUPERPOSE_APP_SCREENSHOT_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

/* Reads the renderer's whole output (call after drawing, before SDL_RenderPresent) and saves
 * it into dir (NULL = current directory). On success the final path is in path; on failure a
 * message saying why is in path instead. */
bool screenshot_save(SDL_Renderer *r, const char *dir, char *path, size_t len);

/* Writes a surface as PNG to path, checking every write and the close: false on any error
 * (ENOSPC on a full disk), with the reason in err and no file left at path. */
bool screenshot_write_png(SDL_Surface *s, const char *path, char *err, size_t errlen);

/* Saves a surface the same way (used by screenshot_save, and by tests). */
bool screenshot_save_surface(SDL_Surface *s, const char *dir, char *path, size_t len);

#endif
