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

/* The naming shared with recordings: a private temporary file in dir (NULL: the current
 * directory), made readable as umask allows and tracked (tempfile.h; *tracked is the handle
 * for tempfile_forget), and the stem "dir/superpose-YYYYmmdd-HHMMSS" of its final name. Returns
 * its descriptor, or -1 with "cannot write WHAT in DIR: reason" in err. */
int screenshot_temp(const char *dir, const char *what, char *tmp, size_t tmplen, char *base,
                    size_t baselen, int *tracked, char *err, size_t errlen);

/* Links tmp to base.ext, else base-1.ext, ... (never replacing a file) and removes tmp. On
 * failure tmp is removed and path says why, naming the file as `what`. */
bool screenshot_publish(const char *tmp, const char *base, const char *ext, const char *what,
                        char *path, size_t len);

#endif
