#include "neurons.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_keys[NEURON_KIND_COUNT] = {
    [NEURON_MONOSEMANTIC] = "monosemantic",
    [NEURON_POLYSEMANTIC] = "polysemantic",
    [NEURON_DEAD] = "dead",
};

const char *neuron_kind_key(enum neuron_kind kind) { return kind_keys[kind]; }

static void analyse(struct neuron *nr, const float *W, int n, int m, int d)
{
    double top2 = -1.0, second2 = -1.0;
    nr->norm2 = 0.0;
    nr->top = 0;
    nr->second = -1;
    for (int i = 0; i < n; i++) {
        const double w2 = (double)W[(size_t)i * m + d] * W[(size_t)i * m + d];
        nr->norm2 += w2;
        if (w2 > top2) {
            second2 = top2;
            nr->second = nr->top == i ? -1 : nr->top;
            top2 = w2;
            nr->top = i;
        } else if (w2 > second2) {
            second2 = w2;
            nr->second = i;
        }
    }
    if (n == 1)
        nr->second = -1;
    nr->share = nr->norm2 > 0.0 ? top2 / nr->norm2 : 0.0;
    nr->serves = 0;
    for (int i = 0; i < n; i++) {
        const double w2 = (double)W[(size_t)i * m + d] * W[(size_t)i * m + d];
        nr->serves += nr->norm2 > 0.0 && w2 >= NEURONS_SERVES_SHARE * nr->norm2;
    }
    nr->kind = nr->norm2 < NEURONS_DEAD_NORM2              ? NEURON_DEAD
               : nr->share >= NEURONS_MONOSEMANTIC_SHARE ? NEURON_MONOSEMANTIC
                                                         : NEURON_POLYSEMANTIC;
    nr->asymmetric = false;
    if (nr->kind == NEURON_POLYSEMANTIC && nr->second >= 0) {
        const float a = W[(size_t)nr->top * m + d], b = W[(size_t)nr->second * m + d];
        nr->asymmetric = (a > 0.0f) != (b > 0.0f) &&
                         fabsf(b) <= (float)NEURONS_ASYMMETRIC_RATIO * fabsf(a);
    }
}

void neurons_compute(struct neurons *a, const float *W, int n, int m)
{
    a->n = n;
    a->m = m;
    memset(a->count, 0, sizeof a->count);
    a->asymmetric = 0;
    a->mono_features = 0;
    for (int d = 0; d < m; d++) {
        analyse(&a->neuron[d], W, n, m, d);
        a->count[a->neuron[d].kind]++;
        a->asymmetric += a->neuron[d].asymmetric;
    }
    /* insertion sort (qsort has no context, and the renderer and workers sort at once) */
    const struct neuron *copy = a->neuron;
    int *order = a->order;
    for (int d = 0; d < m; d++)
        order[d] = d;
    for (int k = 1; k < m; k++) {
        int v = order[k], j = k;
        while (j > 0) {
            const struct neuron *x = &copy[order[j - 1]], *y = &copy[v];
            bool after = x->kind != y->kind ? x->kind > y->kind
                         : x->share != y->share ? x->share < y->share
                                                : order[j - 1] > v;
            if (!after)
                break;
            order[j] = order[j - 1];
            j--;
        }
        order[j] = v;
    }
    for (int d = 0; d < m; d++) {
        const struct neuron *nr = &a->neuron[d];
        if (nr->kind != NEURON_MONOSEMANTIC)
            continue;
        bool seen = false;
        for (int e = 0; e < d && !seen; e++)
            seen = a->neuron[e].kind == NEURON_MONOSEMANTIC && a->neuron[e].top == nr->top;
        a->mono_features += !seen;
    }
}

bool neurons_serves(const struct neurons *a, const float *W, int d, int i)
{
    const double w = W[(size_t)i * a->m + d];
    const double norm2 = a->neuron[d].norm2;
    return norm2 > 0.0 && w * w >= NEURONS_SERVES_SHARE * norm2;
}

#define GRID 32

/* y'_i for the input x e_i */
static double abs_output(const struct model *md, int i, double x)
{
    const int m = md->m;
    double pre = md->b[i];
    for (int d = 0; d < m; d++) {
        const double h = fmax((double)md->W[(size_t)i * m + d] * x, 0.0);
        pre += (double)md->W2[(size_t)i * m + d] * h;
    }
    return fmax(pre, 0.0);
}

double neurons_abs_error(const struct model *md, int i, bool negative)
{
    double miss = 0.0, norm = 0.0;
    for (int k = 0; k < GRID; k++) {
        const double v = (k + 0.5) / GRID, x = negative ? -v : v;
        const double r = abs_output(md, i, x) - v;
        miss += r * r;
        norm += v * v;
    }
    return miss / norm;
}

int neurons_abs_computed(const struct model *md, int *one_sided)
{
    int both = 0, one = 0;
    for (int i = 0; i < md->n; i++) {
        const bool pos = neurons_abs_error(md, i, false) < NEURONS_COMPUTED_ERROR;
        const bool neg = neurons_abs_error(md, i, true) < NEURONS_COMPUTED_ERROR;
        both += pos && neg;
        one += pos != neg;
    }
    if (one_sided)
        *one_sided = one;
    return both;
}
