#include "sweepcmd.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "analysis.h"
#include "cli.h"
#include "dimsweep.h"
#include "memory.h"
#include "output.h"
#include "parallel.h"
#include "progress.h"

/* The paper's sticky fractions (draw/dims.c draws them as guides); a represented feature
 * counts at one when its D_i is this close. */
static const double sticky[] = { 1.0, 0.75, 2.0 / 3.0, 0.5, 0.4, 0.375 };
#define STICKY_COUNT ((int)(sizeof sticky / sizeof sticky[0]))
#define STICKY_NEAR 0.02

static void print_array(const double *v, int count)
{
    putchar('[');
    for (int i = 0; i < count; i++)
        printf("%s%.6g", i ? ", " : "", v[i]);
    putchar(']');
}

static void print_json(const struct cli_options *o, const struct dimsweep_model *md,
                       const struct analysis *a)
{
    const struct trainer_desc *d = &o->desc;
    printf("{\"density\": %.9g, \"sparsity\": %.9g, \"inverse_density\": %.9g, \"features\": %d, "
           "\"hidden\": %d, \"decay\": %.9g, \"lr\": %.9g, \"batch\": %d, \"steps\": %ld, "
           "\"seed\": %" PRIu64 ", \"activation\": \"%s\", \"diverged\": %s, ", md->density,
           1 - md->density, 1 / md->density, d->features, d->hidden, d->decay, d->lr, d->batch,
           md->steps, d->seed, model_activation_key(d->act), md->diverged ? "true" : "false");
    if (isfinite(md->loss))
        printf("\"loss\": %.9g, ", md->loss);
    else
        printf("\"loss\": null, ");
    printf("\"frobenius2\": %.9g, \"dims_per_feature\": %.9g, \"represented\": %d, "
           "\"seconds\": %.4g, \"norms\": ", a->frobenius2, a->dims_per_feature, a->represented,
           md->seconds);
    print_array(a->norms, a->n);
    printf(", \"dimensionality\": ");
    print_array(a->dimensionality, a->n);
    printf("}\n");
}

static void print_row(const struct dimsweep_model *md, const struct analysis *a)
{
    int near[STICKY_COUNT] = { 0 };
    for (int i = 0; i < a->n; i++)
        for (int k = 0; k < STICKY_COUNT && a->norms[i] > ANALYSIS_REPRESENTED_NORM; k++)
            near[k] += fabs(a->dimensionality[i] - sticky[k]) <= STICKY_NEAR;
    printf("%8.4g  %7.3g  %10.4f  %11d ", md->density, 1 / md->density, a->dims_per_feature,
           a->represented);
    for (int k = 0; k < STICKY_COUNT; k++)
        printf(" %4d", near[k]);
    if (md->diverged)
        printf("   diverged at step %ld\n", md->steps);
    else
        printf("  %10.4g\n", md->loss);
}

static void diverged_note(const struct cli_options *o)
{
    fprintf(stderr, "superpose: training diverged (loss or weights not finite) for a density; "
            "try a smaller --lr (now %g)\n", o->desc.lr);
}

/* The JSON lines of the models done since the last call; *diverged set when one diverged.
 * False when standard output failed (output_finish reports it): the sweep stops then. */
static bool json_lines(const struct cli_options *o, const struct dimsweep_model *models,
                       bool *printed, struct analysis *a, bool *diverged)
{
    for (int k = 0; k < o->densities; k++) {
        if (!models[k].done || printed[k])
            continue;
        printed[k] = true;
        analysis_compute(a, models[k].W, o->desc.features, o->desc.hidden);
        print_json(o, &models[k], a);
        *diverged |= models[k].diverged;
        if (!output_flush())
            return false;
    }
    return true;
}

/* The table, in density order, once all are done. */
static int report(const struct cli_options *o, struct dimsweep_model *models, int count,
                  double seconds, int threads)
{
    struct analysis a;
    int rc = 0;
    if (!analysis_init(&a, o->desc.features)) {
        fprintf(stderr, "superpose: out of memory\n");
        return 1;
    }
    {
        printf("n = %d, m = %d, decay %g, %s, %d models from density %g to %g, %ld steps each, "
               "seed %" PRIu64 ": %.1f s on %d thread%s\n", o->desc.features, o->desc.hidden,
               o->desc.decay, model_activation_name(o->desc.act), count, o->from, o->to, o->steps,
               o->desc.seed, seconds, threads, threads == 1 ? "" : "s");
        printf("\n density  1/(1-S)  m/|W|_F^2  represented  represented D_i within %g of:"
               "       loss\n%49s", STICKY_NEAR, "");
        printf("    1  3/4  2/3  1/2  2/5  3/8\n");
    }
    for (int k = 0; k < count; k++) {
        analysis_compute(&a, models[k].W, o->desc.features, o->desc.hidden);
        print_row(&models[k], &a);
        rc |= models[k].diverged;
    }
    analysis_finish(&a);
    if (rc)
        diverged_note(o);
    return rc;
}

int sweepcmd_run(const struct cli_options *o)
{
    char b1[32], b2[32];
    int threads = o->threads ? o->threads : parallel_cpu_count();
    threads = threads > o->densities ? o->densities : threads;
    const size_t per = trainer_bytes(&o->desc), avail = memory_available();
    /* every finished model's W is kept for the report */
    const double kept = (double)o->densities * o->desc.features * o->desc.hidden * sizeof(float);
    if (kept > (double)avail) {
        fprintf(stderr, "superpose: the weights of %d models of --features %d x --hidden %d "
                "take %s, more than the %s of memory available (fewer --densities)\n",
                o->densities, o->desc.features, o->desc.hidden, memory_text((size_t)kept, b1),
                memory_text(avail, b2));
        return 1;
    }
    if ((double)per * threads + kept > (double)avail) {
        fprintf(stderr, "superpose: %d models of --features %d x --hidden %d with --batch %d at "
                "once need about %s each, more than the %s of memory available beside the "
                "weights kept (--threads 1)\n", threads, o->desc.features, o->desc.hidden,
                o->desc.batch, memory_text(per, b1), memory_text(avail - (size_t)kept, b2));
        return 1;
    }
    char label[64];
    snprintf(label, sizeof label, "training %d models", o->densities);
    const struct progress_phase phase = { .label = label, .total = (long)o->densities * o->steps,
                                          .unit = "steps", .samples_per_unit = o->desc.batch };
    struct progress *progress = progress_create(isatty(STDERR_FILENO) ? stderr : NULL, &phase);
    const struct dimsweep_desc d = { .model = o->desc, .count = o->densities, .from = o->from,
                                     .to = o->to, .steps = o->steps, .threads = threads,
                                     .report_loss = true, .progress = progress };
    struct dimsweep_model *models = calloc((size_t)o->densities, sizeof *models);
    bool *printed = calloc((size_t)o->densities, sizeof *printed);
    struct analysis a = { 0 };
    struct dimsweep *p = NULL;
    int rc = 1;
    if (models && printed && analysis_init(&a, o->desc.features))
        p = dimsweep_create(&d);
    if (!p) {
        progress_destroy(progress);
        fprintf(stderr, "superpose: out of memory or cannot start a thread\n");
        goto out;
    }
    /* JSON: each model's line as it is done (the coarse densities first), so that a long
     * sweep can be read while it runs */
    double seconds;
    int done = 0;
    bool diverged = false, written = true;
    for (int seen = 0; seen < o->densities && written;) {
        seen = dimsweep_wait(p, seen);
        done = dimsweep_take(p, models, &seconds);
        written = !o->json || json_lines(o, models, printed, &a, &diverged);
    }
    progress_destroy(progress);
    /* nowhere to write: the models in training stop (rc 1), output_finish says why */
    if (!written)
        goto out;
    if (done < o->densities)
        fprintf(stderr, "superpose: out of memory for %d of the %d models\n", o->densities - done,
                o->densities);
    else if (!o->json)
        rc = report(o, models, o->densities, seconds, dimsweep_threads(p));
    else if ((rc = diverged ? 1 : 0))
        diverged_note(o);
out:
    analysis_finish(&a);
    free(printed);
    dimsweep_destroy(p);
    dimsweep_models_free(models, o->densities);
    free(models);
    return rc;
}
