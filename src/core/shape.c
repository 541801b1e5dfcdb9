#include "shape.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"

static const char *const polygon_names[] = {
    [3] = "triangle", [4] = "square", [5] = "pentagon", [6] = "hexagon", [7] = "heptagon",
    [8] = "octagon", [9] = "nonagon", [10] = "decagon",
};

#define POLYGON_NAMED ((int)(sizeof polygon_names / sizeof polygon_names[0]))

/* Angle from a to b, counter-clockwise, in [0, 360). */
static double ccw(double a, double b)
{
    double d = fmod(b - a, 360.0);
    return d < 0 ? d + 360.0 : d;
}

/* Every represented feature has an antipode: in angle order, p and p + k/2 are 180 apart.
 * Returns the largest difference from 180 (infinite for odd k). */
static double pairs_off(const struct analysis *a)
{
    const int k = a->gap_count;
    if (k < 2 || k % 2)
        return INFINITY;
    double worst = 0.0;
    for (int p = 0; p < k / 2; p++) {
        double d = ccw(a->angles_deg[a->order[p]], a->angles_deg[a->order[p + k / 2]]);
        worst = fmax(worst, fabs(d - 180.0));
    }
    return worst;
}

/* Three gaps, sorted, against 90 90 180. */
static double pair_and_one_off(const struct analysis *a)
{
    double g[3] = { a->gaps_deg[0], a->gaps_deg[1], a->gaps_deg[2] };
    for (int j = 1; j < 3; j++)
        for (int p = j; p > 0 && g[p - 1] > g[p]; p--) {
            double t = g[p];
            g[p] = g[p - 1];
            g[p - 1] = t;
        }
    return fmax(fmax(fabs(g[0] - 90.0), fabs(g[1] - 90.0)), fabs(g[2] - 180.0));
}

static void flat(const struct analysis *a, struct shape *s)
{
    const int k = a->gap_count;
    const double regular = analysis_max_gap_error(a), pairs = pairs_off(a);
    double smaller = fmin(a->gaps_deg[0], a->gaps_deg[1]);
    if (regular <= SHAPE_TOLERANCE_DEG) {
        s->kind = SHAPE_POLYGON;
        s->vertices = k;
        s->off_deg = regular;
    } else if (k == 2 && fabs(smaller - 90.0) <= SHAPE_TOLERANCE_DEG) {
        s->kind = SHAPE_ORTHOGONAL;
        s->off_deg = fabs(smaller - 90.0);
    } else if (k == 3 && pair_and_one_off(a) <= SHAPE_TOLERANCE_DEG) {
        s->kind = SHAPE_PAIR_AND_ONE;
        s->off_deg = pair_and_one_off(a);
    } else if (pairs <= SHAPE_TOLERANCE_DEG) {
        s->kind = SHAPE_PAIRS;
        s->vertices = k / 2;
        s->off_deg = pairs;
    } else {
        s->kind = SHAPE_IRREGULAR;
        s->off_deg = regular;
    }
}

/* m = 1: two represented features are antipodal when their signs differ. */
static void line(const struct analysis *a, const float *W, struct shape *s)
{
    int pos = 0, neg = 0;
    for (int i = 0; i < a->n; i++)
        if (a->norms[i] > ANALYSIS_REPRESENTED_NORM)
            W[i] > 0 ? pos++ : neg++;
    s->kind = s->represented == 2 && pos == 1 && neg == 1 ? SHAPE_POLYGON : SHAPE_IRREGULAR;
    s->vertices = s->kind == SHAPE_POLYGON ? 2 : 0;
}

/* The fraction p/q nearest to d among q <= SHAPE_DIM_DENOMINATOR, if within tolerance (of
 * equal fractions, 1/2 before 2/4: the lowest terms come first). */
static bool fraction(double d, int *num, int *den)
{
    double best = SHAPE_DIM_TOLERANCE;
    bool found = false;
    for (int q = 1; q <= SHAPE_DIM_DENOMINATOR; q++)
        for (int p = 1; p <= q; p++) {
            double e = fabs(d - (double)p / q);
            if (e < best || (!found && e == best)) {
                best = e;
                *num = p;
                *den = q;
                found = true;
            }
        }
    return found;
}

static void dims(const struct analysis *a, struct shape *s)
{
    s->kind = SHAPE_DIMS;
    for (int i = 0; i < a->n; i++) {
        int p, q, g;
        if (a->norms[i] <= ANALYSIS_REPRESENTED_NORM)
            continue;
        if (!fraction(a->dimensionality[i], &p, &q)) {
            s->other++;
            continue;
        }
        for (g = 0; g < s->groups && !(s->dims[g].num == p && s->dims[g].den == q); g++)
            ;
        if (g == s->groups) {
            if (g == SHAPE_DIM_GROUPS) {
                s->other++;
                continue;
            }
            s->dims[s->groups++] = (struct shape_dims){ p, q, 0 };
        }
        s->dims[g].count++;
    }
    /* largest D first: p/q > r/t when p t > r q */
    for (int j = 1; j < s->groups; j++)
        for (int g = j; g > 0 && s->dims[g - 1].num * s->dims[g].den <
                                     s->dims[g].num * s->dims[g - 1].den; g--) {
            struct shape_dims t = s->dims[g];
            s->dims[g] = s->dims[g - 1];
            s->dims[g - 1] = t;
        }
}

static void name(struct shape *s)
{
    char *b = s->name;
    const size_t len = sizeof s->name;
    int used = 0;
    switch (s->kind) {
    case SHAPE_NONE:
        used = snprintf(b, len, "none represented");
        if (s->weak)
            used += snprintf(b + used, len - (size_t)used, ", %d weak", s->weak);
        break;
    case SHAPE_ONE: used = snprintf(b, len, "1 feature"); break;
    case SHAPE_POLYGON:
        if (s->vertices == 2)
            used = snprintf(b, len, "antipodal pair");
        else if (s->vertices < POLYGON_NAMED)
            used = snprintf(b, len, "%s", polygon_names[s->vertices]);
        else
            used = snprintf(b, len, "regular %d-gon", s->vertices);
        break;
    case SHAPE_ORTHOGONAL: used = snprintf(b, len, "orthogonal pair"); break;
    case SHAPE_PAIR_AND_ONE: used = snprintf(b, len, "pair + orthogonal"); break;
    case SHAPE_PAIRS: used = snprintf(b, len, "%d antipodal pairs", s->vertices); break;
    case SHAPE_IRREGULAR: used = snprintf(b, len, "%d irregular", s->represented); break;
    case SHAPE_DIMS:
        used = snprintf(b, len, "%d represented", s->represented);
        for (int g = 0; g < s->groups && used > 0 && (size_t)used < len; g++) {
            char d[24];
            if (s->dims[g].den == 1)
                snprintf(d, sizeof d, "%d", s->dims[g].num);
            else
                snprintf(d, sizeof d, "%d/%d", s->dims[g].num, s->dims[g].den);
            used += snprintf(b + used, len - (size_t)used, "%s D %s x%d", g ? "," : ":", d,
                             s->dims[g].count);
        }
        if (s->other && used > 0 && (size_t)used < len)
            used += snprintf(b + used, len - (size_t)used, "%s D other x%d",
                             s->groups ? "," : ":", s->other);
        break;
    }
    if (s->weak && s->kind != SHAPE_NONE && used > 0 && (size_t)used < len)
        used += snprintf(b + used, len - (size_t)used, " + %d weak", s->weak);
    if (s->dropped && s->kind != SHAPE_NONE && used > 0 && (size_t)used < len)
        snprintf(b + used, len - (size_t)used, " + %d dropped", s->dropped);
}

void shape_classify(const struct analysis *a, const float *W, struct shape *s)
{
    *s = (struct shape){ .n = a->n, .m = a->m, .represented = a->represented };
    for (int i = 0; i < a->n; i++)
        if (a->norms[i] <= ANALYSIS_REPRESENTED_NORM)
            a->norms[i] < SHAPE_DROPPED_NORM ? s->dropped++ : s->weak++;
    if (a->m >= 3 && a->represented > 0)
        dims(a, s);
    else if (a->represented == 0)
        s->kind = SHAPE_NONE;
    else if (a->represented == 1)
        s->kind = SHAPE_ONE;
    else if (a->m == 2)
        flat(a, s);
    else
        line(a, W, s);
    name(s);
}

/* "0.0023", or "0.0023 to 0.0024": two significant digits, kept when they are zeros. */
static void loss_range(double lo, double hi, char *buf, size_t len)
{
    char a[32], b[32];
    snprintf(a, sizeof a, "%#.2g", lo);
    snprintf(b, sizeof b, "%#.2g", hi);
    if (strcmp(a, b) == 0)
        snprintf(buf, len, "loss %s", a);
    else
        snprintf(buf, len, "loss %s to %s", a, b);
}

void shape_summary(const struct shape *shapes, const double *loss, int count, char *buf,
                   size_t len)
{
    enum { MAX = 64 };
    int first[MAX], size[MAX], groups = 0;
    double lo[MAX], hi[MAX];
    if (len == 0)
        return;
    buf[0] = 0;
    for (int k = 0; k < count; k++) {
        int g = 0;
        while (g < groups && strcmp(shapes[first[g]].name, shapes[k].name) != 0)
            g++;
        if (g == groups) {
            if (groups == MAX)
                continue;
            first[g] = k;
            size[g] = 0;
            lo[g] = INFINITY;
            hi[g] = -INFINITY;
            groups++;
        }
        size[g]++;
        if (isfinite(loss[k])) {
            lo[g] = fmin(lo[g], loss[k]);
            hi[g] = fmax(hi[g], loss[k]);
        }
    }
    /* the largest group first, then the lower loss (groups without one last) */
    int order[MAX];
    for (int g = 0; g < groups; g++) {
        int p = g;
        for (; p > 0; p--) {
            int o = order[p - 1];
            bool before = size[g] > size[o] || (size[g] == size[o] && lo[g] < lo[o]);
            if (!before)
                break;
            order[p] = o;
        }
        order[p] = g;
    }
    size_t used = 0;
    for (int j = 0; j < groups && used < len; j++) {
        int g = order[j];
        if (j == SHAPE_SUMMARY_GROUPS) {
            snprintf(buf + used, len - used, "; %d more", groups - j);
            break;
        }
        char l[80] = "loss not yet measured";
        if (isfinite(lo[g]))
            loss_range(lo[g], hi[g], l, sizeof l);
        int w = snprintf(buf + used, len - used, "%s%d of %d: %s, %s", j ? "; " : "", size[g],
                         count, shapes[first[g]].name, l);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}
