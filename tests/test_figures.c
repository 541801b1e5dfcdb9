/* `superpose figures` end to end, in-process: every file is written at its size, the vectors
 * are where the learned weights put them, and failures and interruptions leave nothing behind. */
#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>

#include "analysis.h"
#include "check.h"
#include "cli.h"
#include "draw/phasemap.h"
#include "draw/vectors.h"
#include "featsets.h"
#include "fig_dims.h"
#include "figures.h"
#include "presets.h"
#include "phase.h"
#include "sanitized.h"
#include "trainer.h"

/* A sanitizer build runs several times slower and looks for memory errors and undefined
 * behaviour: it draws every figure from models trained this many steps (the computation
 * figure's 10,000 alone take minutes there) and leaves what the recipe learns (the pentagon,
 * the phases' colours) to the plain build. */
#define SANITIZED_STEPS "500"

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

/* The dimensionality figure: each of its 24 models' D_i drawn as faint blue squares, so the
 * plot holds many pixels bluer than its grey ground and lines (at least one square of 3 x 3
 * per model), and the preview says it is one. */
static void check_dims(SDL_Surface *s, const struct figure *f)
{
    SDL_Rect r = fig_dims_rect(f);
    int blue = 0;
    for (int y = r.y; y < r.y + r.h; y++)
        for (int x = r.x; x < r.x + r.w; x++) {
            Uint8 cr, cg, cb;
            SDL_GetRGB(pixel(s, x, y), s->format, &cr, &cg, &cb);
            blue += cb > cr + 12 && cb > 40;
        }
    CHECK(blue >= 24 * 9, "%s: %d pixels of the dots' blue, want at least %d", f->file, blue,
          24 * 9);
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

static struct trainer *trained(const struct figure_panel *p)
{
    struct trainer *t = trainer_create(&p->desc);
    for (long k = 0; t && k < p->steps; k++)
        trainer_step(t);
    return t;
}

/* The words come from the trained models: the importance caption names exactly the features
 * the analysis finds dropped, and says "stay represented" only when none is. */
static void check_captions(void)
{
    char buf[512], want[128];
    figcaption_defaults(figures_get(0), NULL, 50, buf, sizeof buf);
    CHECK(strstr(buf, " 50 AdamW steps") != NULL, "a 50-step preview says: %s", buf);
    figcaption_defaults(figures_get(0), NULL, 10000, buf, sizeof buf);
    CHECK(strstr(buf, " 10,000 AdamW steps") != NULL, "the recipe says: %s", buf);

    struct figure f = *figures_get(1);
    CHECK(f.caption == figcaption_importance, "importance_comparison is figure 1");
    for (int dense = 0; dense <= 1; dense++) {
        if (dense) /* the paper's dense case: only the two most important survive */
            f.panels[0].desc.density = f.panels[1].desc.density = 1.0;
        const struct trainer *models[2] = { trained(&f.panels[0]), trained(&f.panels[1]) };
        f.caption(&f, models, 10000, buf, sizeof buf);
        struct analysis a;
        CHECK(analysis_init(&a, 5), "memory");
        const struct model *md = trainer_model(models[1]);
        analysis_compute(&a, md->W, md->n, md->m);
        if (a.represented == a.n) {
            CHECK(strstr(buf, "all 5 features stay represented") != NULL, "%s", buf);
        } else {
            int used = snprintf(want, sizeof want, "feature%s", a.n - a.represented > 1 ? "s" : "");
            for (int i = 0, k = 0; i < a.n; i++)
                if (a.norms[i] <= ANALYSIS_REPRESENTED_NORM)
                    used += snprintf(want + used, sizeof want - (size_t)used, "%s %d", k++ ? "," : "", i);
            CHECK(strstr(buf, want) && strstr(buf, "dropped") && !strstr(buf, "stay represented"),
                  "caption '%s' does not name '%s' as dropped", buf, want);
        }
        CHECK(dense == (a.represented == 2), "density %g: %d of 5 represented (test setup)",
              dense ? 1.0 : 0.03, a.represented);
        analysis_finish(&a);
        trainer_destroy((struct trainer *)models[0]);
        trainer_destroy((struct trainer *)models[1]);
    }
}

static bool read_file(const char *path, char *buf, size_t len)
{
    FILE *fp = fopen(path, "r");
    size_t got = fp ? fread(buf, 1, len - 1, fp) : 0;
    buf[got] = '\0';
    if (fp)
        fclose(fp);
    return fp != NULL;
}

/* SIGINT while a figure is being written: the temporary goes, the file it was to replace
 * stays as it was. To catch the writer mid-file, its temporary (.NAME.PID.tmp, the PID known
 * once forked) is made a FIFO holding 4 kB that nobody drains: the child blocks in write()
 * with the file open, and the first bytes arriving are the event to interrupt on. */
static void check_interrupted(const char *dir)
{
    const struct figure *f = figures_get(0);
    char target[1100], tmp[1200], was[64];
    snprintf(target, sizeof target, "%s/%s", dir, f->file);
    FILE *fp = fopen(target, "w");
    CHECK(fp && fputs("the previous picture", fp) >= 0, "cannot write %s", target);
    if (fp)
        fclose(fp);
    int go[2], alive[2];
    CHECK(pipe(go) == 0 && pipe(alive) == 0, "pipe");
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        char c;
        /* a program's usual start: this test may run from a shell that ignores SIGINT (a
         * background job), and an ignored signal rightly stays ignored */
        signal(SIGINT, SIG_DFL);
        close(go[1]);
        close(alive[0]);
        if (read(go[0], &c, 1) != 1)
            _exit(3);
        struct cli_options o;
        char err[256], out[1100];
        snprintf(out, sizeof out, "%s", dir);
        char *argv[] = { "superpose", "figures", "--out", out, "--steps", "1", NULL };
        _exit(cli_parse(6, argv, &o, err, sizeof err) == 0 ? figures_run(&o) : 4);
    }
    CHECK(pid > 0, "fork");
    close(go[0]);
    close(alive[1]);
    snprintf(tmp, sizeof tmp, "%s/.%s.%ld.tmp", dir, f->file, (long)pid);
    CHECK(mkfifo(tmp, 0600) == 0, "mkfifo %s", tmp);
    int rd = open(tmp, O_RDONLY | O_NONBLOCK);
    CHECK(rd >= 0 && fcntl(rd, F_SETPIPE_SZ, 4096) >= 4096, "cannot open or shrink the FIFO");
    CHECK(write(go[1], "g", 1) == 1, "cannot start the child");
    /* wait for the first bytes of the PNG, or the child's end (its copy of `alive` closes);
     * the timeout only guards against a hang */
    struct pollfd p[2] = { { .fd = rd, .events = POLLIN }, { .fd = alive[0], .events = POLLIN } };
    int ready = poll(p, 2, 120000);
    CHECK(ready > 0 && (p[0].revents & POLLIN), "the figure was never written (poll %d, child %s)",
          ready, p[1].revents ? "ended" : "alive");
    kill(pid, SIGINT);
    int status = 0;
    CHECK(waitpid(pid, &status, 0) == pid, "waitpid");
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT, "figures was not ended by SIGINT: status %#x", status);
    CHECK(access(tmp, F_OK) != 0, "the temporary %s was left behind", tmp);
    CHECK(read_file(target, was, sizeof was) && strcmp(was, "the previous picture") == 0,
          "%s was replaced or damaged: '%s'", target, was);
    if (rd >= 0)
        close(rd);
    close(go[1]);
    close(alive[0]);
    unlink(tmp);
    unlink(target);
}

int main(void)
{
    char idir[] = "/tmp/superpose-figures-int-XXXXXX";
    CHECK(mkdtemp(idir) != NULL, "mkdtemp");
    check_interrupted(idir); /* first: fork before this process starts any thread */
    CHECK(rmdir(idir) == 0, "%s not empty after the interruption", idir);
    check_captions();

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
    /* every figure at the recipe's steps but the 24 models at n = 400, which a unit test cannot
     * afford: that one as a preview of 2 steps (the picture says so); in a sanitizer build,
     * every figure as a preview (see SANITIZED_STEPS) */
    unsigned long all = 0, dims = 0;
    for (int k = 0; k < figures_count(); k++)
        *(figures_get(k)->kind == FIGURE_DIMS ? &dims : &all) |= 1ul << k;
    CHECK(dims != 0, "no dimensionality figure in the table");
    char *argv[] = { "superpose", "figures", "--out", dir, "--steps", SANITIZED_STEPS, NULL };
    CHECK(cli_parse(SANITIZED ? 6 : 4, argv, &o, err, sizeof err) == 0, "parse: %s", err);
    CHECK(figures_run_some(&o, all) == 0, "figures_run failed");
    char *argv_dims[] = { "superpose", "figures", "--out", dir, "--steps", "2", NULL };
    CHECK(cli_parse(6, argv_dims, &o, err, sizeof err) == 0, "parse: %s", err);
    CHECK(figures_run_some(&o, dims) == 0, "figures_run for the dimensionality figure failed");
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
        if (k == 0 && !SANITIZED)
            check_pentagon(s, f);
        if (f->kind == FIGURE_PHASE && !SANITIZED)
            check_phase_colours(s, f);
        if (f->kind == FIGURE_CORRELATED)
            check_correlated(s, f);
        if (f->kind == FIGURE_DIMS)
            check_dims(s, f);
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
