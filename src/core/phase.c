#include "phase.h"

#include <math.h>
#include <stdlib.h>

#include "analysis.h"
#include "parallel.h"
#include "trainer.h"

const char *phase_name(enum phase_kind p)
{
    switch (p) {
    case PHASE_DROPPED: return "feature 1 dropped";
    case PHASE_TAKES: return "feature 1 takes the dimension";
    case PHASE_ANTIPODAL: return "antipodal superposition";
    default: return "other";
    }
}

/* Expected losses, summed over the two features, of x' = ReLU(W^T W x + b) with
 * x_i = 0 w.p. 1 - s, else U[0, 1]; E[x_i] = s/2, E[x_i^2] = s/3.
 *
 * W = [1, 0]: feature 0 is reconstructed exactly (x'_0 = ReLU(x_0) = x_0, b_0 = 0). Feature 1
 *   gets x'_1 = ReLU(b_1), a constant, best at the mean b_1 = s/2; its loss is its variance,
 *   E[x^2] - E[x]^2 = s/3 - s^2/4, times its importance r:       L = r (s/3 - s^2/4).
 * W = [0, 1]: the same with the roles swapped:                     L = s/3 - s^2/4.
 * W = [1, -1], b = 0: h = x_0 - x_1, x'_0 = ReLU(x_0 - x_1), x'_1 = ReLU(x_1 - x_0). With one
 *   feature active (or none) both outputs are exact. With both active (probability s^2) the
 *   larger one comes out as the difference and the smaller as 0, an error of min(x_0, x_1) in
 *   each feature. min of two U[0, 1] has density 2(1 - t), so
 *   E[min^2] = int_0^1 2(1 - t) t^2 dt = 1/6:                      L = (1 + r) s^2 / 6.
 *   (b = 0 is optimal only to first order in s: a bias of about s^2 / 6 would win back an
 *   O(s^4) term. The learned minimum is a little below these curves; the test measures it.)
 *
 * Boundaries: dropped against takes at r = 1. Antipodal beats dropped (r <= 1) when
 * (1 + r) s / 6 < r (1/3 - s/4), i.e. s < 4r / (2 + 5r); it beats takes (r >= 1) when
 * s < 4 / (5 + 2r). Both are 4/7 at r = 1, and the diagram is symmetric under r -> 1/r. */
double phase_loss(enum phase_kind p, double r, double s)
{
    const double dropped = s / 3.0 - s * s / 4.0;
    switch (p) {
    case PHASE_DROPPED: return r * dropped;
    case PHASE_TAKES: return dropped;
    case PHASE_ANTIPODAL: return (1.0 + r) * s * s / 6.0;
    default: return INFINITY;
    }
}

enum phase_kind phase_theory(double r, double s)
{
    enum phase_kind best = PHASE_DROPPED;
    for (int p = PHASE_TAKES; p < PHASE_OTHER; p++)
        if (phase_loss(p, r, s) < phase_loss(best, r, s))
            best = p;
    return best;
}

double phase_theory_margin(double r, double s)
{
    double l[3];
    for (int p = 0; p < 3; p++)
        l[p] = phase_loss(p, r, s);
    /* sort three */
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2 - i; j++)
            if (l[j] > l[j + 1]) {
                double t = l[j];
                l[j] = l[j + 1];
                l[j + 1] = t;
            }
    return l[1] > 0.0 ? (l[1] - l[0]) / l[1] : 0.0;
}

double phase_antipodal_boundary(double r)
{
    return r <= 1.0 ? 4.0 * r / (2.0 + 5.0 * r) : 4.0 / (5.0 + 2.0 * r);
}

enum phase_kind phase_classify(const float W[2])
{
    const bool rep0 = fabsf(W[0]) > ANALYSIS_REPRESENTED_NORM;
    const bool rep1 = fabsf(W[1]) > ANALYSIS_REPRESENTED_NORM;
    if (rep0 && rep1)
        return W[0] * W[1] < 0.0f ? PHASE_ANTIPODAL : PHASE_OTHER;
    if (rep0)
        return PHASE_DROPPED;
    if (rep1)
        return PHASE_TAKES;
    return PHASE_OTHER;
}

/* ---- grid ---- */

static double log_lerp(double lo, double hi, double t)
{
    return lo * pow(hi / lo, t);
}

static double log_unlerp(double lo, double hi, double v)
{
    return log(v / lo) / log(hi / lo);
}

double phase_grid_r(const struct phase_grid *g, double col)
{
    return log_lerp(g->r_min, g->r_max, col / g->cols);
}

double phase_grid_s(const struct phase_grid *g, double row)
{
    return log_lerp(g->s_min, g->s_max, row / g->rows);
}

double phase_grid_col(const struct phase_grid *g, double r)
{
    return g->cols * log_unlerp(g->r_min, g->r_max, r);
}

double phase_grid_row(const struct phase_grid *g, double s)
{
    return g->rows * log_unlerp(g->s_min, g->s_max, s);
}

/* ---- training ---- */

bool phase_train_cell(double r, double s, const struct phase_train *pt, uint64_t seed,
                      struct phase_cell *out)
{
    struct trainer_desc d = TRAINER_DESC_DEFAULT;
    d.features = 2;
    d.hidden = 1;
    d.density = s;
    d.decay = 1.0;
    d.seed = seed;
    const float imp[2] = { 1.0f, (float)r };
    out->r = r;
    out->s = s;
    out->theory = phase_theory(r, s);
    out->learned = PHASE_OTHER;
    out->loss = INFINITY;
    out->done = false;
    struct trainer *t = trainer_create(&d);
    if (!t)
        return false;
    trainer_set_stop(t, pt->stop);
    for (int k = 0; k < pt->seeds && !trainer_stopped(t); k++) {
        trainer_reinit(t, seed + (uint64_t)k);
        trainer_set_importance(t, imp);
        bool ok = true;
        for (long step = 0; step < pt->steps && ok; step++)
            ok = trainer_step(t);
        if (!ok)
            continue;
        /* trainer_eval_loss averages over the 2 features; the closed forms sum. Every run is
         * scored on the same samples, so the comparison between seeds is paired. */
        double loss = 2.0 * trainer_eval_loss(t, pt->eval_samples, seed ^ 0xe7a1e7a1ULL);
        if (!(loss < out->loss))
            continue;
        const struct model *md = trainer_model(t);
        out->loss = loss;
        for (int i = 0; i < 2; i++) {
            out->W[i] = md->W[i];
            out->b[i] = md->b[i];
        }
        out->learned = phase_classify(out->W);
        out->done = true;
    }
    if (trainer_stopped(t))
        out->done = false;   /* fewer seeds than asked: not the cell's answer */
    trainer_destroy(t);
    return out->done;
}

/* ---- diagram ---- */

bool phase_diagram_init(struct phase_diagram *pd, const struct phase_grid *g,
                        const struct phase_train *pt)
{
    pd->grid = *g;
    pd->train = *pt;
    pd->cells = calloc((size_t)g->cols * (size_t)g->rows, sizeof *pd->cells);
    if (!pd->cells)
        return false;
    for (int k = 0; k < g->cols * g->rows; k++) {
        struct phase_cell *c = &pd->cells[k];
        c->r = phase_grid_r(g, k % g->cols + 0.5);
        c->s = phase_grid_s(g, k / g->cols + 0.5);
        c->theory = phase_theory(c->r, c->s);
        c->learned = PHASE_OTHER;
        c->loss = INFINITY;
    }
    return true;
}

void phase_diagram_finish(struct phase_diagram *pd)
{
    if (!pd)
        return;
    free(pd->cells);
    pd->cells = NULL;
}

bool phase_diagram_train_cell(struct phase_diagram *pd, int k)
{
    struct phase_cell *c = &pd->cells[k];
    const uint64_t seed = pd->train.seed + (uint64_t)k * (uint64_t)pd->train.seeds;
    return phase_train_cell(c->r, c->s, &pd->train, seed, c);
}

static void train_job(void *ctx, int k)
{
    phase_diagram_train_cell(ctx, k);
}

bool phase_diagram_train_all(struct phase_diagram *pd, int threads)
{
    const int count = pd->grid.cols * pd->grid.rows;
    parallel_for(count, threads > 0 ? threads : parallel_cpu_count(), train_job, pd);
    for (int k = 0; k < count; k++)
        if (!pd->cells[k].done)
            return false;
    return true;
}

bool phase_diagram_away(const struct phase_diagram *pd, int k)
{
    const int cols = pd->grid.cols, rows = pd->grid.rows, col = k % cols, row = k / cols;
    const enum phase_kind p = pd->cells[k].theory;
    for (int dr = -1; dr <= 1; dr++)
        for (int dc = -1; dc <= 1; dc++) {
            int c = col + dc, r = row + dr;
            if (c >= 0 && c < cols && r >= 0 && r < rows && pd->cells[r * cols + c].theory != p)
                return false;
        }
    return true;
}

double phase_diagram_agreement(const struct phase_diagram *pd, int *agree, int *counted)
{
    int a = 0, n = 0;
    for (int k = 0; k < pd->grid.cols * pd->grid.rows; k++) {
        const struct phase_cell *c = &pd->cells[k];
        if (!c->done || !phase_diagram_away(pd, k))
            continue;
        n++;
        a += c->learned == c->theory;
    }
    if (agree)
        *agree = a;
    if (counted)
        *counted = n;
    return n ? (double)a / n : 1.0;
}
