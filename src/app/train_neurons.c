#include "train_neurons.h"

#include <stdio.h>

#include "model.h"
#include "neurons.h"

static void print_matrix(const float *M, int n, int m)
{
    putchar('[');
    for (int i = 0; i < n; i++) {
        printf("%s[", i ? ", " : "");
        for (int d = 0; d < m; d++)
            printf("%s%.9g", d ? ", " : "", M[(size_t)i * m + d]);
        putchar(']');
    }
    putchar(']');
}

void train_neurons_json(const struct model *md)
{
    if (md->kind == MODEL_TIED)
        return;
    struct neurons a;
    neurons_compute(&a, md->W, md->n, md->m);
    if (md->W2) {
        printf(",\n \"W2\": ");
        print_matrix(md->W2, md->n, md->m);
    }
    printf(",\n \"neurons\": [");
    for (int d = 0; d < md->m; d++) {
        const struct neuron *nr = &a.neuron[d];
        printf("%s\n  {\"weights\": [", d ? "," : "");
        for (int i = 0; i < md->n; i++)
            printf("%s%.9g", i ? ", " : "", md->W[(size_t)i * md->m + d]);
        printf("], \"kind\": \"%s\", \"top_feature\": %d, \"top_share\": %.9g, \"serves\": [",
               neuron_kind_key(nr->kind), nr->top, nr->share);
        for (int i = 0, k = 0; i < md->n; i++)
            if (neurons_serves(&a, md->W, d, i))
                printf("%s%d", k++ ? ", " : "", i);
        printf("]}");
    }
    printf("],\n \"monosemantic\": %d, \"polysemantic\": %d, \"dead\": %d",
           a.count[NEURON_MONOSEMANTIC], a.count[NEURON_POLYSEMANTIC], a.count[NEURON_DEAD]);
    if (md->kind == MODEL_ABS) {
        int one;
        const int both = neurons_abs_computed(md, &one);
        printf(",\n \"computed\": %d, \"one_sided\": %d, \"asymmetric\": %d", both, one,
               a.asymmetric);
    }
}

void train_neurons_table(const struct model *md)
{
    if (md->kind == MODEL_TIED)
        return;
    struct neurons a;
    neurons_compute(&a, md->W, md->n, md->m);
    printf("\n%d neuron%s: %d monosemantic (share >= %.0f%%), %d polysemantic, %d dead "
           "(|w|^2 < %g)\n", md->m, md->m == 1 ? "" : "s", a.count[NEURON_MONOSEMANTIC],
           100 * NEURONS_MONOSEMANTIC_SHARE, a.count[NEURON_POLYSEMANTIC], a.count[NEURON_DEAD],
           NEURONS_DEAD_NORM2);
    if (md->kind == MODEL_ABS) {
        int one;
        const int both = neurons_abs_computed(md, &one);
        printf("|x| computed for %d of %d features (both signs within %.0f%%), one sign only "
               "for %d; %d asymmetric neuron%s\n", both, md->n, 100 * NEURONS_COMPUTED_ERROR,
               one, a.asymmetric, a.asymmetric == 1 ? "" : "s");
    }
    printf("neuron  kind          |w|^2   top  share  serves\n");
    for (int q = 0; q < md->m; q++) {
        const int d = a.order[q];
        const struct neuron *nr = &a.neuron[d];
        printf("%6d  %-12s %6.3f  %4d  %5.2f  ", d, neuron_kind_key(nr->kind), nr->norm2, nr->top,
               nr->share);
        for (int i = 0, k = 0; i < md->n && nr->kind != NEURON_DEAD; i++)
            if (neurons_serves(&a, md->W, d, i))
                printf("%s%d", k++ ? "," : "", i);
        putchar('\n');
    }
}
