/* What a model's features make, in words that claim no more than its weights show: how many
 * are represented (the others weak or dropped) and, for m = 2, the regular polygon their
 * angles make (only when every gap between neighbours is within SHAPE_TOLERANCE_DEG of 360/k),
 * antipodal pairs, or neither; for m >= 3 the represented count and their dimensionalities D_i
 * on simple fractions. And a line grouping many models (seeds) by that name, with each group's
 * loss. */
#ifndef SUPERPOSE_CORE_SHAPE_H
#define SUPERPOSE_CORE_SHAPE_H

#include <stddef.h>

struct analysis;

/* A gap may differ this much from the named shape's (degrees): 64 seeds of n = 6, density
 * 0.03, decay 1 after the recipe's 10,000 steps are all within 1.44 of their polygon
 * (docs/science.md); a model still on its way is not named. */
#define SHAPE_TOLERANCE_DEG 3.0
/* m >= 3: D_i counts as p/q (q <= SHAPE_DIM_DENOMINATOR) when this close to it. */
#define SHAPE_DIM_TOLERANCE 0.02
#define SHAPE_DIM_DENOMINATOR 8
#define SHAPE_DIM_GROUPS 8
/* A feature not represented is dropped below this norm, weak from it to the represented norm
 * (at n = 6, density 0.03 the pentagon's sixth feature keeps a norm of 0.34). */
#define SHAPE_DROPPED_NORM 0.1

enum shape_kind {
    SHAPE_NONE,          /* no feature represented */
    SHAPE_ONE,           /* one */
    SHAPE_POLYGON,       /* m <= 2: k at the angles of a regular k-gon (k = 2: antipodal) */
    SHAPE_ORTHOGONAL,    /* m = 2: two at right angles */
    SHAPE_PAIR_AND_ONE,  /* m = 2: an antipodal pair and one feature orthogonal to it */
    SHAPE_PAIRS,         /* m = 2: k/2 antipodal pairs, not at equal angles */
    SHAPE_IRREGULAR,     /* m <= 2: none of the above */
    SHAPE_DIMS,          /* m >= 3: the represented count and their D_i */
};

struct shape_dims {
    int num, den;        /* D_i = num / den */
    int count;
};

struct shape {
    enum shape_kind kind;
    int n, m;
    int represented;     /* norm > ANALYSIS_REPRESENTED_NORM */
    int weak;            /* norm from SHAPE_DROPPED_NORM to ANALYSIS_REPRESENTED_NORM */
    int dropped;         /* norm below SHAPE_DROPPED_NORM */
    int vertices;        /* SHAPE_POLYGON: k; SHAPE_PAIRS: the pairs */
    double off_deg;      /* m = 2: the largest gap's difference from the named shape's */
    int groups;          /* SHAPE_DIMS: D_i values on fractions, largest D first */
    struct shape_dims dims[SHAPE_DIM_GROUPS];
    int other;           /* SHAPE_DIMS: represented features whose D_i is on none */
    char name[112];      /* "pentagon + 1 weak", "3 antipodal pairs + 2 dropped",
                          * "6 represented: D 1/2 x6" */
};

/* The shape of the weights a was computed from (W, n x m, the same: m = 1 reads the signs). */
void shape_classify(const struct analysis *a, const float *W, struct shape *s);

/* count models' shapes grouped by name, the largest group first (ties: the lower loss),
 * each with its loss (the range when it differs at two significant digits; losses not finite
 * are left out): "6 of 8: pentagon + 1 weak, loss 0.0024; 2 of 8: hexagon, loss 0.0021".
 * At most SHAPE_SUMMARY_GROUPS groups, then "; k more". */
#define SHAPE_SUMMARY_GROUPS 6
void shape_summary(const struct shape *shapes, const double *loss, int count, char *buf,
                   size_t len);

#endif
