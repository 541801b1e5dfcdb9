#include "screenshot.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include <SDL_image.h>

#include "tempfile.h"

/* Links tmp to base.EXT, base-1.EXT, ...; the first free name wins. link() fails with EEXIST
 * instead of replacing, which is what makes this safe against a concurrent writer. */
bool screenshot_publish(const char *tmp, const char *base, const char *ext, const char *what,
                        char *path, size_t len)
{
    for (int k = 0; k < 1000; k++) {
        if (k == 0)
            snprintf(path, len, "%s.%s", base, ext);
        else
            snprintf(path, len, "%s-%d.%s", base, k, ext);
        if (link(tmp, path) == 0) {
            unlink(tmp);
            return true;
        }
        if (errno == EEXIST)
            continue;
        if (errno == EPERM || errno == ENOTSUP || errno == EOPNOTSUPP || errno == ENOSYS) {
            /* No hard links on this file system: check, then rename (a small race only). */
            if (access(path, F_OK) == 0)
                continue;
            if (rename(tmp, path) == 0)
                return true;
        }
        int e = errno;
        char name[4096];
        snprintf(name, sizeof name, "%s", path);
        unlink(tmp);
        snprintf(path, len, "cannot save %s as %s: %s", what, name, strerror(e));
        return false;
    }
    unlink(tmp);
    snprintf(path, len, "cannot save %s: too many files named %s-N.%s", what, base, ext);
    return false;
}

int screenshot_temp(const char *dir, const char *what, char *tmp, size_t tmplen, char *base,
                    size_t baselen, int *tracked, char *err, size_t errlen)
{
    if (!dir || !dir[0])
        dir = ".";
    time_t now = time(NULL);
    struct tm tm;
    char stamp[32];
    localtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    snprintf(base, baselen, "%s/superpose-%s", dir, stamp);
    snprintf(tmp, tmplen, "%s/.superpose-XXXXXX", dir);
    int fd = mkstemp(tmp);
    *tracked = fd >= 0 ? tempfile_track(tmp) : -1;
    if (fd < 0) {
        snprintf(err, errlen, "cannot write %s in %s: %s", what, dir, strerror(errno));
        return -1;
    }
    /* mkstemp makes the file private; a picture gets the usual permissions. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    return fd;
}

bool screenshot_write_png(SDL_Surface *s, const char *path, char *err, size_t errlen)
{
    /* IMG_SavePNG ignores the result of closing the file, so on a full disk the last buffered
     * bytes vanish and it still reports success. Here every write, the flush and the close are
     * checked, and errno (ENOSPC, EIO) gives the reason. */
    FILE *fp = fopen(path, "wb");
    if (!fp) {
        snprintf(err, errlen, "%s", strerror(errno));
        return false;
    }
    SDL_RWops *rw = SDL_RWFromFP(fp, SDL_FALSE);
    errno = 0;
    bool ok = rw && IMG_SavePNG_RW(s, rw, 0) == 0;
    int e = errno;
    if (!ok && !ferror(fp))
        snprintf(err, errlen, "%s", rw ? IMG_GetError() : SDL_GetError());
    if (ok && fflush(fp) != 0) {
        ok = false;
        e = errno;
    }
    if (!ok && ferror(fp))
        snprintf(err, errlen, "%s", strerror(e ? e : EIO));
    if (rw)
        SDL_RWclose(rw);
    if (fclose(fp) != 0 && ok) {
        ok = false;
        snprintf(err, errlen, "%s", strerror(errno));
    }
    if (!ok)
        unlink(path);
    return ok;
}

bool screenshot_save_surface(SDL_Surface *s, const char *dir, char *path, size_t len)
{
    char tmp[4096], base[4096];
    int tracked;
    int fd = screenshot_temp(dir, "screenshot", tmp, sizeof tmp, base, sizeof base, &tracked,
                             path, len);
    if (fd < 0)
        return false;
    close(fd);
    char why[256];
    bool ok = false;
    if (!screenshot_write_png(s, tmp, why, sizeof why))
        snprintf(path, len, "cannot write screenshot in %s: %s", dir && dir[0] ? dir : ".", why);
    else
        ok = screenshot_publish(tmp, base, "png", "screenshot", path, len);
    tempfile_forget(tracked);
    return ok;
}

bool screenshot_save(SDL_Renderer *r, const char *dir, char *path, size_t len)
{
    int w, h;
    if (SDL_GetRendererOutputSize(r, &w, &h) != 0) {
        snprintf(path, len, "cannot read the window: %s", SDL_GetError());
        return false;
    }
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 24, SDL_PIXELFORMAT_RGB24);
    if (!s) {
        snprintf(path, len, "cannot save screenshot: %s", SDL_GetError());
        return false;
    }
    bool ok = false;
    if (SDL_RenderReadPixels(r, NULL, SDL_PIXELFORMAT_RGB24, s->pixels, s->pitch) != 0)
        snprintf(path, len, "cannot read the window: %s", SDL_GetError());
    else
        ok = screenshot_save_surface(s, dir, path, len);
    SDL_FreeSurface(s);
    return ok;
}
