#include "figures.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SDL_image.h>

#include "analysis.h"
#include "cli.h"
#include "draw/phasemap.h"
#include "draw/polytope.h"
#include "draw/prim.h"
#include "draw/vectors.h"
#include "fig_correlated.h"
#include "fig_neurons.h"
#include "fig_dims.h"
#include "fig_sae.h"
#include "geom3d.h"
#include "output.h"
#include "parallel.h"
#include "phase.h"
#include "progress.h"
#include "screenshot.h"
#include "tempfile.h"
#include "text.h"
#include "train.h"

#define STEPS 10000
#define MARGIN 24
#define HEADER 78
#define PANEL_W 330
#define VIEW 290
#define TITLE_H 30
#define NOTES_H 96
#define PANEL_H (TITLE_H + VIEW + NOTES_H)
#define LARGE_VIEW 560
#define TABLE_W 430
#define BACKGROUND 0x14161c
#define PHASE_W 940
#define PHASE_H 640

/* A panel: the recipe with these features, hidden dimensions, density, decay, activation. */
#define PM(n_, m_, density_, decay_, act_)                                                     \
    { .desc = { .features = n_, .hidden = m_, .density = density_, .decay = decay_,            \
                .lr = 1e-3, .batch = 1024, .act = act_, .seed = 0 }, .steps = STEPS }
#define P(n_, density_, decay_, act_) PM(n_, 2, density_, decay_, act_)
#define RELU(n_, density_, decay_) P(n_, density_, decay_, MODEL_RELU)
#define LINEAR(n_, density_, decay_) P(n_, density_, decay_, MODEL_LINEAR)
/* the paper's intro figure: density 20^-t, t = linspace(0, 1, 10) */
#define INTRO(density_) RELU(5, density_, 0.9)

static const struct figure figures[] = {
    { "pentagon_visualization.png", "Five sparse features in two dimensions", NULL,
      1, 1, true, { RELU(5, 0.02, 0.9) }, FIGURE_VECTORS, .caption = figcaption_defaults },
    { "importance_comparison.png", "Uniform against decaying importance", NULL,
      2, 2, false, { RELU(5, 0.03, 1.0), RELU(5, 0.03, 0.7) }, FIGURE_VECTORS,
      .caption = figcaption_importance },
    { "sparsity_comparison.png", "Sparsity makes superposition possible",
      "n = 5, m = 2, importance 0.7^i (as in the original Python project), density from 1 "
      "(dense) down to 0.01",
      5, 5, false,
      { RELU(5, 1.0, 0.7), RELU(5, 0.5, 0.7), RELU(5, 0.2, 0.7), RELU(5, 0.05, 0.7),
        RELU(5, 0.01, 0.7) }, FIGURE_VECTORS, .caption = NULL },
    { "geometric_shapes.png", "What 3 to 8 features really learn in 2D", NULL,
      3, 6, false,
      { RELU(3, 0.03, 1.0), RELU(4, 0.03, 1.0), RELU(5, 0.03, 1.0), RELU(6, 0.03, 1.0),
        RELU(7, 0.03, 1.0), RELU(8, 0.03, 1.0) }, FIGURE_VECTORS, .caption = figcaption_shapes },
    { "intro_sweep.png", "The paper's intro figure: density from 1 to 0.05",
      "n = 5, m = 2, importance 0.9^i, ten models at density 20^-linspace(0, 1, 10)",
      5, 10, false,
      { INTRO(1.0), INTRO(0.716871), INTRO(0.513904), INTRO(0.368403), INTRO(0.264098),
        INTRO(0.189324), INTRO(0.135721), INTRO(0.097294), INTRO(0.069748), INTRO(0.05) },
      FIGURE_VECTORS, .caption = NULL },
    { "linear_vs_relu.png", "Linear model (top) against ReLU output (bottom)", NULL,
      3, 6, false,
      { LINEAR(5, 1.0, 0.9), LINEAR(5, 0.1, 0.9), LINEAR(5, 0.02, 0.9), RELU(5, 1.0, 0.9),
        RELU(5, 0.1, 0.9), RELU(5, 0.02, 0.9) }, FIGURE_VECTORS, .caption = figcaption_linear },
    { .file = "polytopes_3d.png", .title = "Sparse features in three hidden dimensions",
      .cols = 3, .count = 3, .kind = FIGURE_POLYTOPES, .caption = figcaption_polytopes,
      .panels = { PM(4, 3, 0.03, 1.0, MODEL_RELU), PM(5, 3, 0.03, 1.0, MODEL_RELU),
                  PM(6, 3, 0.03, 1.0, MODEL_RELU) } },
    { .file = "phase_diagram.png", .title = "Superposition as a phase change",
      .subtitle = "Two features in one hidden dimension: which solution training finds, against "
                  "where the closed-form losses cross (white lines)",
      .cols = 1, .count = 1, .kind = FIGURE_PHASE },
    FIG_CORRELATED_ROW,
    FIG_SAE_FIGURE,
    FIG_NEURONS_FIGURES,
    FIG_DIMS_FIGURE,
};
int figures_count(void)
{
    return (int)(sizeof figures / sizeof figures[0]);
}

const struct figure *figures_get(int k)
{
    return k >= 0 && k < figures_count() ? &figures[k] : NULL;
}

static int rows(const struct figure *f)
{
    return (f->count + f->cols - 1) / f->cols;
}

void figures_size(const struct figure *f, int *w, int *h)
{
    if (f->kind == FIGURE_PHASE) {
        *w = 2 * MARGIN + PHASE_W;
        *h = HEADER + MARGIN + PHASE_H;
        return;
    }
    if (f->large) {
        *w = 2 * MARGIN + LARGE_VIEW + TABLE_W;
        *h = HEADER + MARGIN + LARGE_VIEW + NOTES_H;
        return;
    }
    *w = 2 * MARGIN + f->cols * PANEL_W;
    *h = HEADER + MARGIN + rows(f) * PANEL_H;
}

static SDL_Rect panel_rect(const struct figure *f, int k)
{
    if (f->kind == FIGURE_PHASE)
        return (SDL_Rect){ MARGIN, HEADER, PHASE_W, PHASE_H };
    if (f->large)
        return (SDL_Rect){ MARGIN, HEADER, LARGE_VIEW, LARGE_VIEW + NOTES_H };
    return (SDL_Rect){ MARGIN + (k % f->cols) * PANEL_W, HEADER + (k / f->cols) * PANEL_H,
                       PANEL_W, PANEL_H };
}

SDL_Rect figures_view_rect(const struct figure *f, int k)
{
    SDL_Rect p = panel_rect(f, k);
    if (f->kind == FIGURE_PHASE)
        return p;
    if (f->large)
        return (SDL_Rect){ p.x, p.y, LARGE_VIEW, LARGE_VIEW };
    return (SDL_Rect){ p.x + (PANEL_W - VIEW) / 2, p.y + TITLE_H, VIEW, VIEW };
}

/* ---- training ---- */

struct trained {
    struct trainer *trainer;
    double loss;
    bool diverged;
    struct phase_diagram phase;   /* FIGURE_PHASE's diagram; cells NULL for the others */
};

struct cell_job {
    struct phase_diagram *pd;
    int k;
};

/* Jobs 0..panel_jobs-1 train the panels (NULL for a phase figure's), the rest one phase-diagram
 * cell each: the long panel runs first, the short cells fill the cores in after them. */
struct training {
    const struct figure_panel **panels;
    struct trained *out;
    int panel_jobs;
    struct cell_job *cells;
    long steps_cap;   /* --steps: no model trains longer than this */
    struct progress *progress;
};

static void train_panel(void *ctx, int k)
{
    struct training *tr = ctx;
    if (k >= tr->panel_jobs) {
        const struct cell_job *c = &tr->cells[k - tr->panel_jobs];
        phase_diagram_train_cell(c->pd, c->k);
        progress_add(tr->progress, (long)c->pd->train.seeds * c->pd->train.steps);
        return;
    }
    const struct figure_panel *p = tr->panels[k];
    if (!p)
        return;
    struct trained *out = &tr->out[k];
    const long steps = p->steps < tr->steps_cap ? p->steps : tr->steps_cap;
    for (int seed = 0; seed < (p->seeds > 1 ? p->seeds : 1); seed++) {
        struct trainer_desc d = p->desc;
        d.seed += (uint64_t)seed;
        struct trainer *t = trainer_create(&d);
        if (!t)
            return;
        bool diverged = train_steps(t, steps, tr->progress, 1) < steps;
        double loss = trainer_report_loss(t);
        if (out->trainer && (diverged || (!out->diverged && !(loss < out->loss)))) {
            trainer_destroy(t);
            continue;
        }
        trainer_destroy(out->trainer);
        *out = (struct trained){ .trainer = t, .loss = loss, .diverged = diverged };
    }
}

/* ---- drawing ---- */

static SDL_Color grey(Uint8 v)
{
    return (SDL_Color){ v, v, v, 255 };
}

/* The gaps and, when the panel has room, the arrangement with the lowest known loss for that
 * many represented features and how far the gaps are from it. */
static void gaps_text(struct text *text, const struct analysis *a, enum model_activation act,
                      char *buf, size_t len)
{
    char gaps[160], shape[64];
    double off;
    if (a->gap_count < 2) {
        snprintf(buf, len, "angle gaps: %s", a->gap_count ? "360" : "none");
        return;
    }
    analysis_gaps_text(a, 0, a->gap_count, gaps, sizeof gaps);
    snprintf(buf, len, "gaps: %s", gaps);
    if (!analysis_gap_shape(a, act, shape, sizeof shape, &off))
        return;
    const size_t used = strlen(buf);
    snprintf(buf + used, len - used, " (%s: off by %.0f)", shape, off);
    if (text_width(text, TEXT_SMALL, buf) > PANEL_W - 10)
        buf[used] = '\0';
}

static void draw_notes(struct text *text, const struct trainer *t, const struct trained *tr,
                       const struct analysis *a, int x, int y, int centre)
{
    const struct trainer_desc *d = trainer_settings(t);
    const int lh = text_height(text, TEXT_SMALL) + 2, align = centre ? TEXT_CENTRE : TEXT_LEFT;
    char gaps[256];
    gaps_text(text, a, d->act, gaps, sizeof gaps);
    text_drawf(text, TEXT_SMALL, x, y, align, grey(200), "n = %d, m = %d, decay %g, %s", d->features,
               d->hidden, d->decay, model_activation_name(d->act));
    text_drawf(text, TEXT_SMALL, x, y + lh, align, grey(200), "%d of %d represented (norm > 0.5)",
               a->represented, d->features);
    text_draw(text, TEXT_SMALL, x, y + 2 * lh, align, grey(170), gaps);
    if (tr->diverged)
        text_draw(text, TEXT_SMALL, x, y + 3 * lh, align, prim_rgba(0xff6060, 255), "training diverged");
    else
        text_drawf(text, TEXT_SMALL, x, y + 3 * lh, align, grey(170), "loss %.3g", tr->loss);
}

static void draw_table(struct text *text, const struct trainer *t, const struct analysis *a,
                       int x, int y)
{
    const struct model *md = trainer_model(t);
    const float *imp = trainer_importance(t);
    const int lh = text_height(text, TEXT_NORMAL) + 6;
    const int col[] = { 0, 70, 160, 240, 310, 380 };
    const char *head[] = { "i", "I_i", "|W_i|", "D_i", "b_i", "angle" };
    for (int c = 0; c < 6; c++)
        text_draw(text, TEXT_NORMAL, x + col[c], y, TEXT_LEFT, grey(150), head[c]);
    for (int i = 0; i < md->n; i++) {
        int yy = y + (i + 1) * lh;
        text_drawf(text, TEXT_NORMAL, x + col[0], yy, TEXT_LEFT, view_vectors_label_colour(i, md->n), "%d", i);
        text_drawf(text, TEXT_NORMAL, x + col[1], yy, TEXT_LEFT, grey(220), "%.3f", imp[i]);
        text_drawf(text, TEXT_NORMAL, x + col[2], yy, TEXT_LEFT, grey(220), "%.3f", a->norms[i]);
        text_drawf(text, TEXT_NORMAL, x + col[3], yy, TEXT_LEFT, grey(220), "%.3f", a->dimensionality[i]);
        text_drawf(text, TEXT_NORMAL, x + col[4], yy, TEXT_LEFT, grey(220), "%+.3f",
                   output_shown(md->b[i], 3));
        text_drawf(text, TEXT_NORMAL, x + col[5], yy, TEXT_LEFT, grey(220), "%.1f", a->angles_deg[i]);
    }
    int yy = y + (md->n + 2) * lh;
    text_draw(text, TEXT_SMALL, x, yy, TEXT_LEFT, grey(160), "D_i = |W_i|^2 / sum_j (W^_i . W_j)^2: a pentagon gives 2/5,");
    text_draw(text, TEXT_SMALL, x, yy + lh - 4, TEXT_LEFT, grey(160), "an antipodal pair 1/2, a dimension of its own 1; 0 if |W_i| < 0.01.");
    text_drawf(text, TEXT_SMALL, x, yy + 2 * (lh - 4), TEXT_LEFT, grey(160),
               "Dimensions per feature m / |W|_F^2 = %.3f", a->dims_per_feature);
}

static void panel_title(const struct trainer_desc *d, char *buf, size_t len)
{
    snprintf(buf, len, "density %.3g (S = %.3g)%s", d->density, 1.0 - d->density,
             d->act == MODEL_LINEAR ? ", linear" : "");
}

/* The shape in words: which features form antipodal pairs (cos < -0.9) and which sit alone on
 * an axis (D > 0.9), e.g. "pairs 1-3, 2-4; 0 alone". */
static void shape_text(const struct model *md, const struct analysis *a, char *buf, size_t len)
{
    struct geom3d_edge edges[64];
    int ne = geom3d_edges(md->W, md->n, md->m, 0.9, ANALYSIS_REPRESENTED_NORM, edges, 64);
    int pairs = 0, alone = 0;
    size_t used = 0;
    buf[0] = '\0';
    for (int e = 0; e < ne && e < 64 && used < len; e++)
        if (edges[e].cos < 0.0)
            used += (size_t)snprintf(buf + used, len - used, "%s %d-%d", pairs++ ? "," : "pairs",
                                     edges[e].i, edges[e].j);
    for (int i = 0; i < md->n && used < len; i++)
        if (a->norms[i] > ANALYSIS_REPRESENTED_NORM && a->dimensionality[i] > 0.9)
            used += (size_t)snprintf(buf + used, len - used, "%s%d", alone++ ? ", " :
                                     pairs ? "; alone: " : "alone: ", i);
    if (pairs == 3 && alone == 0 && md->n == 6 && used < len)
        snprintf(buf + used, len - used, ": an octahedron");
}

static void draw_polytope_panel(SDL_Renderer *r, struct text *text, const struct figure *f,
                                int k, const struct trained *tr, struct analysis *a)
{
    const struct model *md = trainer_model(tr->trainer);
    analysis_compute(a, md->W, md->n, md->m);
    SDL_Rect view = figures_view_rect(f, k), panel = panel_rect(f, k);
    struct view_polytope v = {
        .W = md->W, .n = md->n, .m = md->m, .distance = 6.0, .edge_cos = GEOM3D_EDGE_COS,
        .scale = view_polytope_scale_fit(md->W, md->n, md->m), .labels = true,
    };
    /* the learned axes are arbitrary: look from where no vector points at the viewer */
    double xyz[3 * 16];
    if (md->n <= 16) {
        geom3d_coords(md->W, md->n, md->m, NULL, xyz);
        geom3d_clear_view(xyz, md->n, ANALYSIS_REPRESENTED_NORM, &v.yaw, &v.pitch);
    }
    view_polytope_draw(r, text, &v, view);
    const int cx = panel.x + PANEL_W / 2, lh = text_height(text, TEXT_SMALL) + 2;
    int y = view.y + view.h + 6;
    text_drawf(text, TEXT_NORMAL, cx, panel.y + 6, TEXT_CENTRE, grey(235),
               "%d feature%s in %d dimension%s", md->n, md->n == 1 ? "" : "s", md->m,
               md->m == 1 ? "" : "s");
    /* D_i in each feature's colour, centred as one line */
    char item[32];
    int width = text_width(text, TEXT_SMALL, "D_i:");
    for (int i = 0; i < md->n; i++) {
        snprintf(item, sizeof item, " %.2f", a->dimensionality[i]);
        width += text_width(text, TEXT_SMALL, item);
    }
    int x = cx - width / 2;
    x += text_draw(text, TEXT_SMALL, x, y, TEXT_LEFT, grey(200), "D_i:");
    for (int i = 0; i < md->n; i++) {
        snprintf(item, sizeof item, " %.2f", a->dimensionality[i]);
        x += text_draw(text, TEXT_SMALL, x, y, TEXT_LEFT, view_vectors_label_colour(i, md->n),
                       item);
    }
    char shape[160];
    shape_text(md, a, shape, sizeof shape);
    text_draw(text, TEXT_SMALL, cx, y + lh, TEXT_CENTRE, grey(200), shape);
    text_drawf(text, TEXT_SMALL, cx, y + 2 * lh, TEXT_CENTRE, grey(170),
               "%d of %d represented (norm > 0.5)", a->represented, md->n);
    if (tr->diverged)
        text_draw(text, TEXT_SMALL, cx, y + 3 * lh, TEXT_CENTRE, prim_rgba(0xff6060, 255),
                  "training diverged");
    else
        text_drawf(text, TEXT_SMALL, cx, y + 3 * lh, TEXT_CENTRE, grey(170), "loss %.3g",
                   tr->loss);
}

static void draw_panel(SDL_Renderer *r, struct text *text, const struct figure *f, int k,
                       const struct trained *tr, struct analysis *a)
{
    if (f->kind == FIGURE_PHASE) {
        const struct view_phasemap v = { .pd = &tr->phase, .legend = true };
        view_phasemap_draw(r, text, 1.0f, &v, figures_view_rect(f, k));
        return;
    }
    if (f->kind == FIGURE_POLYTOPES) {
        draw_polytope_panel(r, text, f, k, tr, a);
        return;
    }
    if (f->kind == FIGURE_CORRELATED) {
        fig_correlated_draw(r, text, f, k, tr->trainer, tr->loss, tr->diverged, a);
        return;
    }
    const struct model *md = trainer_model(tr->trainer);
    analysis_compute(a, md->W, md->n, md->m);
    SDL_Rect view = figures_view_rect(f, k), panel = panel_rect(f, k);
    struct view_vectors v = {
        .W = md->W, .n = md->n, .m = md->m, .an = a, .trails = NULL,
        .scale = view_scale_fit(md->W, md->n, md->m), .labels = true,
    };
    view_vectors_draw(r, text, &v, view);
    char title[96];
    panel_title(trainer_settings(tr->trainer), title, sizeof title);
    if (f->large) {
        text_draw(text, TEXT_LARGE, view.x + view.w + 24, view.y + 8, TEXT_LEFT, grey(235), title);
        draw_table(text, tr->trainer, a, view.x + view.w + 24, view.y + 60);
        draw_notes(text, tr->trainer, tr, a, view.x + view.w / 2, view.y + view.h + 8, 1);
        return;
    }
    text_draw(text, TEXT_NORMAL, panel.x + PANEL_W / 2, panel.y + 6, TEXT_CENTRE, grey(235), title);
    draw_notes(text, tr->trainer, tr, a, panel.x + PANEL_W / 2, view.y + view.h + 6, 1);
}

static bool save_png(SDL_Surface *s, const char *dir, const char *file, char *err, size_t errlen)
{
    char path[4096], tmp[4200];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    snprintf(tmp, sizeof tmp, "%s/.%s.%ld.tmp", dir, file, (long)getpid());
    char why[256];
    bool ok = false;
    int tracked = tempfile_track(tmp);
    if (!screenshot_write_png(s, tmp, why, sizeof why)) {
        snprintf(err, errlen, "cannot write %.300s: %.150s", path, why);
    } else if (rename(tmp, path) != 0) {
        snprintf(err, errlen, "cannot write %.400s: %s", path, strerror(errno));
        unlink(tmp);
    } else {
        ok = true;
    }
    tempfile_forget(tracked);
    return ok;
}

static bool draw_figure(const struct figure *f, const struct trained *tr,
                        const struct cli_options *o, const char *font, const char *dir, char *err,
                        size_t errlen)
{
    const long steps_cap = o->steps;
    int w, h;
    bool ok = false;
    struct analysis a = { 0 };
    struct text *text = NULL;
    SDL_Renderer *r = NULL;
    figures_size(f, &w, &h);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s || !(r = SDL_CreateSoftwareRenderer(s))) {
        snprintf(err, errlen, "cannot create a %dx%d picture: %s", w, h, SDL_GetError());
        goto out;
    }
    if (!(text = text_create(r, font, 1.0f, err, errlen)))
        goto out;
    if (!analysis_init(&a, MODEL_MAX_FEATURES)) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    SDL_Color bg = prim_rgba(BACKGROUND, 255);
    SDL_SetRenderDrawColor(r, bg.r, bg.g, bg.b, 255);
    SDL_RenderClear(r);
    text_draw(text, TEXT_LARGE, MARGIN, 16, TEXT_LEFT, grey(240), f->title);
    const struct trainer *trainers[FIGURES_MAX_PANELS] = { 0 };
    for (int k = 0; k < f->count && f->kind != FIGURE_PHASE; k++)
        trainers[k] = tr[k].trainer;
    figcaption_draw(text, f, trainers, steps_cap < STEPS ? steps_cap : STEPS, MARGIN,
                    w - 2 * MARGIN);
    if (steps_cap < STEPS) { /* a preview must not pass for the recipe's result */
        char note[96];
        snprintf(note, sizeof note, "preview: at most %ld steps per model (--steps)", steps_cap);
        const int room = w - 2 * MARGIN - text_width(text, TEXT_LARGE, f->title) - 16;
        if (text_width(text, TEXT_NORMAL, note) > room)
            snprintf(note, sizeof note, "preview: %ld steps", steps_cap);
        text_draw(text, TEXT_NORMAL, w - MARGIN, 16, TEXT_RIGHT, prim_rgba(0xff7060, 255), note);
    }
    const struct model *models[FIGURES_MAX_PANELS];
    for (int k = 0; k < f->count; k++)
        models[k] = tr[k].trainer ? trainer_model(tr[k].trainer) : NULL;
    if (f->draw)
        f->draw(r, text, f, models, steps_cap);
    else if (f->kind == FIGURE_SAE)
        fig_sae_draw(r, text, f, models, steps_cap);
    if (f->kind == FIGURE_DIMS && !fig_dims_draw(r, text, f, steps_cap, o->threads, err, errlen))
        goto out;
    for (int k = 0; k < f->count && f->kind != FIGURE_SAE; k++)
        draw_panel(r, text, f, k, &tr[k], &a);
    SDL_RenderPresent(r);
    ok = save_png(s, dir, f->file, err, errlen);
out:
    analysis_finish(&a);
    text_destroy(text);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
    return ok;
}

static bool phase_trained(const struct phase_diagram *pd)
{
    for (int k = 0; pd->cells && k < pd->grid.cols * pd->grid.rows; k++)
        if (!pd->cells[k].done)
            return false;
    return pd->cells != NULL;
}

static bool check_dir(const char *dir, char *err, size_t errlen)
{
    struct stat st;
    if (stat(dir, &st) != 0) {
        snprintf(err, errlen, "output directory %s: %s", dir, strerror(errno));
        return false;
    }
    if (!S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "output directory %s: not a directory", dir);
        return false;
    }
    if (access(dir, W_OK | X_OK) != 0) {
        snprintf(err, errlen, "output directory %s: %s", dir, strerror(errno));
        return false;
    }
    return true;
}

/* The figure of that file name, with or without ".png", or -1. */
static int figure_named(const char *name, size_t len)
{
    if (len > 4 && strncmp(name + len - 4, ".png", 4) == 0)
        len -= 4;
    for (int f = 0; f < figures_count(); f++)
        if (strncmp(figures[f].file, name, len) == 0 && strcmp(figures[f].file + len, ".png") == 0)
            return f;
    return -1;
}

/* --only's comma-separated names as figures_run_some's bits; false and one line when a name
 * is not a figure's. */
static bool figures_select(const char *only, unsigned long *which, char *err, size_t errlen)
{
    *which = 0;
    for (const char *p = only;; p++) {
        size_t len = strcspn(p, ",");
        int f = figure_named(p, len);
        if (f < 0) {
            size_t used = (size_t)snprintf(err, errlen, "--only: '%.*s' is not a figure: "
                                           "expected names from", (int)(len < 64 ? len : 64), p);
            for (int k = 0; k < figures_count() && used < errlen; k++)
                used += (size_t)snprintf(err + used, errlen - used, "%s %.*s", k ? "," : "",
                                         (int)strlen(figures[k].file) - 4, figures[k].file);
            return false;
        }
        *which |= 1ul << f;
        p += len;
        if (!*p)
            return true;
    }
}

int figures_run(const struct cli_options *o)
{
    unsigned long which = ~0ul;
    char err[1024];
    if (o->figures_only && !figures_select(o->figures_only, &which, err, sizeof err)) {
        fprintf(stderr, "superpose: %s\n", err);
        return 2;
    }
    return figures_run_some(o, which);
}

int figures_run_some(const struct cli_options *o, unsigned long which)
{
    const char *dir = o->out_dir ? o->out_dir : ".";
    char err[512], font[1024];
    int total = 0, rc = 1;
    if (!check_dir(dir, err, sizeof err) || !text_find_font(font, sizeof font, err, sizeof err)) {
        fprintf(stderr, "superpose: %s\n", err);
        return 1;
    }
    const struct phase_grid grid = PHASE_GRID_DEFAULT;
    struct phase_train ptrain = PHASE_TRAIN_DEFAULT;
    if (ptrain.steps > o->steps)
        ptrain.steps = o->steps;
    int cells = 0;
    for (int f = 0; f < figures_count(); f++) {
        total += figures[f].count;
        cells += figures[f].kind == FIGURE_PHASE && (which >> f & 1) ? grid.cols * grid.rows : 0;
    }
    const struct figure_panel **panels = calloc((size_t)total, sizeof *panels);
    struct trained *out = calloc((size_t)total, sizeof *out);
    struct cell_job *jobs = calloc((size_t)(cells > 0 ? cells : 1), sizeof *jobs);
    if (!panels || !out || !jobs) {
        fprintf(stderr, "superpose: out of memory\n");
        goto done;
    }
    long steps = 0;
    for (int f = 0, k = 0, c = 0; f < figures_count(); f++)
        for (int p = 0; p < figures[f].count; p++, k++) {
            if (!(which >> f & 1))
                continue;
            if (figures[f].kind != FIGURE_PHASE) {
                panels[k] = &figures[f].panels[p];
                steps += (panels[k]->steps < o->steps ? panels[k]->steps : o->steps) *
                         (panels[k]->seeds > 1 ? panels[k]->seeds : 1);
                continue;
            }
            if (!phase_diagram_init(&out[k].phase, &grid, &ptrain)) {
                fprintf(stderr, "superpose: out of memory\n");
                goto done;
            }
            for (int j = 0; j < grid.cols * grid.rows; j++, c++)
                jobs[c] = (struct cell_job){ &out[k].phase, j };
            steps += (long)grid.cols * grid.rows * ptrain.seeds * ptrain.steps;
        }
    bool tty = isatty(STDERR_FILENO);
    const struct progress_phase phase = { .label = "training figures", .total = steps,
                                          .unit = "steps", .samples_per_unit = 1024 };
    struct training tr = { panels, out, total, jobs, o->steps,
                           progress_create(tty ? stderr : NULL, &phase) };
    parallel_for(total + cells, o->threads ? o->threads : parallel_cpu_count(), train_panel, &tr);
    progress_destroy(tr.progress);
    rc = 0;
    for (int f = 0, k = 0; f < figures_count(); k += figures[f].count, f++) {
        if (!(which >> f & 1))
            continue;
        bool ok = true;
        for (int p = 0; p < figures[f].count; p++)
            ok = ok && (figures[f].kind == FIGURE_PHASE ? phase_trained(&out[k + p].phase)
                                                        : out[k + p].trainer != NULL);
        if (!ok || !draw_figure(&figures[f], &out[k], o, font, dir, err, sizeof err)) {
            fprintf(stderr, "superpose: %s\n", ok ? err : "out of memory while training");
            rc = 1;
            break;
        }
        printf("%s/%s\n", dir, figures[f].file);
    }
done:
    for (int k = 0; k < total && out; k++) {
        trainer_destroy(out[k].trainer);
        phase_diagram_finish(&out[k].phase);
    }
    free(jobs);
    free(out);
    free(panels);
    return rc;
}
