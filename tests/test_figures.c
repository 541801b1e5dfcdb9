/* `superpose figures` end to end, in-process: every file is written at its size, the vectors
 * are where the learned weights put them, and failures leave nothing behind. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>

#include "analysis.h"
#include "check.h"
#include "cli.h"
#include "draw/phasemap.h"
#include "draw/vectors.h"
#include "featsets.h"
#include "figures.h"
#include "presets.h"
#include "phase.h"
#include "trainer.h"

#define BG_R 0x14
#define BG_G 0x16
#define BG_B 0x1c

static Uint32 pixel(SDL_Surface *s, int x, int y)
{
    return ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
}

static bool is_background(SDL_Surface *s, int x, int y)
{
    Uint8 r, g, b;
    SDL_GetRGB(pixel(s, x, y), s->format, &r, &g, &b);
    return abs(r - BG_R) < 6 && abs(g - BG_G) < 6 && abs(b - BG_B) < 6;
}

static SDL_Surface *load(const char *dir, const char *file)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    SDL_Surface *raw = IMG_Load(path);
    CHECK(raw != NULL, "cannot load %s: %s", path, IMG_GetError());
    if (!raw)
        return NULL;
    SDL_Surface *s = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(raw);
    return s;
}

/* The defaults' model trained again (same seed, same bits): each represented feature's tip
 * must be drawn where the figure's layout puts it, in a colour that is not the background. */
static void check_pentagon(SDL_Surface *s, const struct figure *f)
{
    struct trainer *t = trainer_create(&f->panels[0].desc);
    for (long k = 0; k < f->panels[0].steps; k++)
        trainer_step(t);
    const struct model *md = trainer_model(t);
    struct view_vectors v = { .W = md->W, .n = md->n, .m = md->m,
                              .scale = view_scale_fit(md->W, md->n, md->m) };
    SDL_Rect rect = figures_view_rect(f, 0);
    for (int i = 0; i < md->n; i++) {
        float px, py;
        /* 80% of the way to the tip: on the line, clear of the dot and the label */
        view_vectors_point(&v, rect, 0.8 * md->W[2 * i], 0.8 * md->W[2 * i + 1], &px, &py);
        CHECK(!is_background(s, (int)px, (int)py), "feature %d's line missing at (%d, %d)", i,
              (int)px, (int)py);
    }
    /* and empty space between two neighbouring vectors, well inside the circle */
    float px, py;
    double a = atan2(md->W[1], md->W[0]) + M_PI / 5; /* half-way to the next pentagon vertex */
    view_vectors_point(&v, rect, 0.5 * cos(a), 0.5 * sin(a), &px, &py);
    CHECK(is_background(s, (int)px, (int)py), "unexpected drawing between vectors at (%d, %d)",
          (int)px, (int)py);
    trainer_destroy(t);
}

/* Deep inside each phase (far from the white lines, where every seed agrees) the cell has
 * that phase's colour. The diagram is not retrained: the layout and colours are enough. */
static void check_phase_colours(SDL_Surface *s, const struct figure *f)
{
    struct phase_diagram pd = { .grid = PHASE_GRID_DEFAULT, .train = PHASE_TRAIN_DEFAULT };
    const struct view_phasemap v = { .pd = &pd, .legend = true };
    const struct {
        double r, s;
        enum phase_kind p;
    } at[] = { { 0.15, 0.9, PHASE_DROPPED }, { 7.0, 0.9, PHASE_TAKES },
               { 1.0, 0.02, PHASE_ANTIPODAL } };
    for (size_t k = 0; k < sizeof at / sizeof at[0]; k++) {
        float px, py;
        /* a quarter cell off the centre: clear of the mismatch dot */
        view_phasemap_point(&v, 1.0f, figures_view_rect(f, 0), at[k].r * 1.03, at[k].s, &px, &py);
        Uint8 r, g, b;
        SDL_GetRGB(pixel(s, (int)px, (int)py), s->format, &r, &g, &b);
        SDL_Color want = view_phasemap_colour(at[k].p, 255);
        CHECK(abs(r - want.r) < 8 && abs(g - want.g) < 8 && abs(b - want.b) < 8,
              "phase diagram at r %g s %g: colour %02x%02x%02x, want %s", at[k].r, at[k].s, r, g,
              b, phase_name(at[k].p));
    }
}

/* The presets' figure: panel k trains preset k (the window's very settings) from several seeds,
 * and the panels with sets show set 0's hue in their view (its rings and arc), the one
 * without none. */
static void check_correlated(SDL_Surface *s, const struct figure *f)
{
    CHECK(f->count == PRESETS_COUNT, "%d panels for %d presets", f->count, PRESETS_COUNT);
    for (int k = 0; k < f->count && k < PRESETS_COUNT; k++) {
        const struct trainer_desc *d = &f->panels[k].desc, *p = &presets_get(k)->desc;
        CHECK(memcmp(&d->sets, &p->sets, sizeof d->sets) == 0 && d->features == p->features &&
              d->hidden == p->hidden && d->density == p->density && d->decay == p->decay &&
              f->panels[k].seeds > 1, "panel %d is not preset %d", k, k);
        SDL_Rect r = figures_view_rect(f, k);
        SDL_Color hue = view_vectors_set_colour(0, 255);
        int count = 0;
        for (int y = r.y; y < r.y + r.h; y++)
            for (int x = r.x; x < r.x + r.w; x++) {
                Uint8 cr, cg, cb;
                SDL_GetRGB(pixel(s, x, y), s->format, &cr, &cg, &cb);
                count += abs(cr - hue.r) + abs(cg - hue.g) + abs(cb - hue.b) < 40;
            }
        if (p->sets.count > 0)
            CHECK(count > 50, "%s panel %d: %d pixels in set 0's hue", f->file, k, count);
        else
            CHECK(count == 0, "%s panel %d, no sets: %d pixels in set 0's hue", f->file, k, count);
    }
}

static int drawn_pixels(SDL_Surface *s, SDL_Rect r)
{
    int count = 0;
    for (int y = r.y; y < r.y + r.h; y += 2)
        for (int x = r.x; x < r.x + r.w; x += 2)
            count += !is_background(s, x, y);
    return count;
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int count = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        count += e->d_name[0] != '.' || (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."));
    if (d)
        closedir(d);
    return count;
}

int main(void)
{
    char dir[] = "/tmp/superpose-figures-XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    /* an existing file of the same name is replaced, not appended to or kept */
    char stale[1100];
    snprintf(stale, sizeof stale, "%s/%s", dir, figures_get(0)->file);
    FILE *fp = fopen(stale, "w");
    CHECK(fp && fputs("not a png", fp) >= 0, "stale file");
    if (fp)
        fclose(fp);

    struct cli_options o;
    char err[256];
    char *argv[] = { "superpose", "figures", "--out", dir, NULL };
    CHECK(cli_parse(4, argv, &o, err, sizeof err) == 0, "parse: %s", err);
    CHECK(figures_run(&o) == 0, "figures_run failed");
    CHECK(count_entries(dir) == figures_count(), "%d files in %s, want %d (temporary left?)",
          count_entries(dir), dir, figures_count());

    for (int k = 0; k < figures_count(); k++) {
        const struct figure *f = figures_get(k);
        SDL_Surface *s = load(dir, f->file);
        if (!s)
            continue;
        int w, h;
        figures_size(f, &w, &h);
        CHECK(s->w == w && s->h == h, "%s is %dx%d, want %dx%d", f->file, s->w, s->h, w, h);
        for (int p = 0; p < f->count; p++) {
            SDL_Rect r = figures_view_rect(f, p);
            int drawn = drawn_pixels(s, r);
            CHECK(drawn > r.w * r.h / 4 / 100, "%s panel %d: only %d drawn pixels", f->file, p, drawn);
        }
        if (k == 0)
            check_pentagon(s, f);
        if (f->kind == FIGURE_PHASE)
            check_phase_colours(s, f);
        if (f->kind == FIGURE_CORRELATED)
            check_correlated(s, f);
        SDL_FreeSurface(s);
        char path[1100];
        snprintf(path, sizeof path, "%s/%s", dir, f->file);
        unlink(path);
    }

    /* a missing directory and a file in place of one: exit status 1, nothing written */
    char missing[1100], *argv2[] = { "superpose", "figures", "--out", missing, NULL };
    snprintf(missing, sizeof missing, "%s/does-not-exist", dir);
    CHECK(cli_parse(4, argv2, &o, err, sizeof err) == 0 && figures_run(&o) == 1, "missing dir");
    snprintf(missing, sizeof missing, "%s/file", dir);
    fp = fopen(missing, "w");
    if (fp)
        fclose(fp);
    CHECK(cli_parse(4, argv2, &o, err, sizeof err) == 0 && figures_run(&o) == 1, "file as dir");
    unlink(missing);
    CHECK(rmdir(dir) == 0, "output directory not empty after the failures");
    return check_result("test_figures");
}
