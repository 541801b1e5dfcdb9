/* superpose-docgen: the build's writer of the files installed beside the program, each from the
 * program's own tables or drawing code (not installed itself):
 *   superpose-docgen man VERSION OUT    the manual page superpose.1
 *   superpose-docgen bash OUT           bash completion
 *   superpose-docgen icons DIR          DIR/scalable/apps/superpose.svg and
 *                                       DIR/NxN/apps/superpose.png for every hicolor size */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "completion.h"
#include "icon.h"
#include "manpage.h"
#include "screenshot.h"
#include "views.h"

static const int png_sizes[] = { 16, 22, 24, 32, 48, 64, 128, 256 };

static bool write_text(const char *path, bool (*write)(FILE *, const void *), const void *arg)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "superpose-docgen: cannot write %s: %s\n", path, strerror(errno));
        return false;
    }
    bool ok = write(f, arg);
    int e = errno;
    ok = fclose(f) == 0 && ok;
    if (!ok) {
        fprintf(stderr, "superpose-docgen: cannot write %s: %s\n", path, strerror(e ? e : errno));
        unlink(path);
    }
    return ok;
}

static bool man(FILE *f, const void *version)
{
    return manpage_write(f, version);
}

static bool bash(FILE *f, const void *unused)
{
    (void)unused;
    return completion_write_bash(f);
}

static bool svg(FILE *f, const void *ic)
{
    return icon_write_svg(ic, f);
}

/* mkdir -p for DIR/a/b. */
static bool make_dirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int rc = mkdir(path, 0755);
        *p = '/';
        if (rc != 0 && errno != EEXIST)
            return false;
    }
    return mkdir(path, 0755) == 0 || errno == EEXIST;
}

static bool icons(const char *dir)
{
    struct icon ic;
    char err[256], path[4096];
    if (!icon_build(&ic, err, sizeof err)) {
        fprintf(stderr, "superpose-docgen: %s\n", err);
        return false;
    }
    snprintf(path, sizeof path, "%s/scalable/apps", dir);
    if (!make_dirs(path)) {
        fprintf(stderr, "superpose-docgen: cannot create %s: %s\n", path, strerror(errno));
        return false;
    }
    snprintf(path, sizeof path, "%s/scalable/apps/superpose.svg", dir);
    if (!write_text(path, svg, &ic))
        return false;
    for (size_t i = 0; i < sizeof png_sizes / sizeof png_sizes[0]; i++) {
        int n = png_sizes[i];
        snprintf(path, sizeof path, "%s/%dx%d/apps", dir, n, n);
        if (!make_dirs(path)) {
            fprintf(stderr, "superpose-docgen: cannot create %s: %s\n", path, strerror(errno));
            return false;
        }
        snprintf(path, sizeof path, "%s/%dx%d/apps/superpose.png", dir, n, n);
        SDL_Surface *s = icon_render(&ic, n, err, sizeof err);
        bool ok = s && screenshot_write_png(s, path, err, sizeof err);
        SDL_FreeSurface(s);
        if (!ok) {
            fprintf(stderr, "superpose-docgen: %s: %s\n", path, err);
            return false;
        }
    }
    /* The directory is the build's output: its time says when it was written. */
    if (utimensat(AT_FDCWD, dir, NULL, 0) != 0) {
        fprintf(stderr, "superpose-docgen: %s: %s\n", dir, strerror(errno));
        return false;
    }
    return true;
}

int main(int argc, char **argv)
{
    bool ok;
    cli_set_views(views_names());
    if (argc == 4 && strcmp(argv[1], "man") == 0)
        ok = write_text(argv[3], man, argv[2]);
    else if (argc == 3 && strcmp(argv[1], "bash") == 0)
        ok = write_text(argv[2], bash, NULL);
    else if (argc == 3 && strcmp(argv[1], "icons") == 0)
        ok = icons(argv[2]);
    else {
        fputs("usage: superpose-docgen man VERSION OUT | bash OUT | icons DIR\n", stderr);
        return 2;
    }
    return ok ? 0 : 1;
}
