#include "train.h"

#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "analysis.h"
#include "cli.h"
#include "clock.h"
#include "output.h"
#include "parallel.h"
#include "progress.h"
#include "trainer.h"


struct instance {
    struct trainer *trainer;
    long diverged_at;   /* step that failed, or -1 */
    double eval_loss;
};

struct run {
    const struct cli_options *o;
    struct instance *inst;
    struct progress *progress;
};

long train_steps(struct trainer *t, long steps, struct progress *p)
{
    const long every = 256;
    long s = 0;
    for (; s < steps && trainer_step(t); s++)
        if ((s + 1) % every == 0)
            progress_add(p, every);
    progress_add(p, steps - s / every * every);
    return s;
}

static void train_one(void *ctx, int k)
{
    struct run *run = ctx;
    struct instance *in = &run->inst[k];
    struct trainer_desc desc = run->o->desc;
    desc.seed += (uint64_t)k;
    in->diverged_at = -1;
    in->eval_loss = NAN;
    in->trainer = trainer_create(&desc);
    if (!in->trainer)
        return;
    long done = train_steps(in->trainer, run->o->steps, run->progress);
    if (done < run->o->steps)
        in->diverged_at = done;
}

static void evaluate_one(void *ctx, int k)
{
    struct run *run = ctx;
    struct instance *in = &run->inst[k];
    if (in->trainer && in->diverged_at < 0)
        in->eval_loss = trainer_report_loss(in->trainer);
}

static void print_array(const double *v, int count)
{
    putchar('[');
    for (int i = 0; i < count; i++)
        printf("%s%.9g", i ? ", " : "", v[i]);
    putchar(']');
}

/* The sets of one kind as lists of features; then, correlated sets first, the angle between
 * every two members of each set (pairs in member order; null where a vector is zero). */
static void print_sets_json(const struct trainer *t)
{
    const struct featsets *fs = &trainer_settings(t)->sets;
    const struct model *md = trainer_model(t);
    static const char *const keys[] = { "correlated", "anticorrelated" };
    for (int kind = 0; kind < 2; kind++) {
        printf(",\n \"%s\": [", keys[kind]);
        for (int k = 0, first = 1; k < fs->count; k++) {
            if (fs->kind[k] != kind)
                continue;
            printf("%s[", first ? "" : ", ");
            for (int e = 0; e < featsets_size(fs, k); e++)
                printf("%s%d", e ? ", " : "", featsets_members(fs, k)[e]);
            putchar(']');
            first = 0;
        }
        putchar(']');
    }
    printf(",\n \"set_angles_deg\": [");
    for (int kind = 0, first = 1; kind < 2; kind++)
        for (int k = 0; k < fs->count; k++) {
            if (fs->kind[k] != kind)
                continue;
            const uint16_t *mem = featsets_members(fs, k);
            printf("%s[", first ? "" : ", ");
            for (int a = 0, any = 0; a < featsets_size(fs, k); a++)
                for (int b = a + 1; b < featsets_size(fs, k); b++, any = 1) {
                    double deg = featsets_angle_deg(md->W, md->m, mem[a], mem[b]);
                    printf(isnan(deg) ? "%snull" : "%s%.9g", any ? ", " : "", deg);
                }
            putchar(']');
            first = 0;
        }
    putchar(']');
}

/* One line per set: its kind, members and the angles between every two of them. */
static void print_sets_table(const struct trainer *t)
{
    const struct featsets *fs = &trainer_settings(t)->sets;
    const struct model *md = trainer_model(t);
    for (int k = 0; k < fs->count; k++) {
        char set[64];
        const uint16_t *mem = featsets_members(fs, k);
        featsets_format_set(fs, k, set, sizeof set);
        printf("%s set %s, angles between members:",
               fs->kind[k] == FEATSETS_CORRELATED ? "correlated" : "anticorrelated", set);
        for (int a = 0; a < featsets_size(fs, k); a++)
            for (int b = a + 1; b < featsets_size(fs, k); b++)
                printf(" %d/%d %.1f", mem[a], mem[b],
                       featsets_angle_deg(md->W, md->m, mem[a], mem[b]));
        putchar('\n');
    }
}

static void print_json(const struct cli_options *o, const struct trainer *t, double loss,
                       const struct analysis *a, double seconds, double sps)
{
    const struct model *md = trainer_model(t);
    const struct trainer_desc *d = trainer_settings(t);
    printf("{\"features\": %d, \"hidden\": %d, \"sparsity\": %.9g, \"density\": %.9g, "
           "\"decay\": %.9g, \"lr\": %.9g, \"batch\": %d, \"steps\": %ld, \"seed\": %" PRIu64 ", "
           "\"activation\": \"%s\", \"loss\": %.9g,\n \"W\": [",
           md->n, md->m, 1.0 - d->density, d->density, d->decay, d->lr, d->batch, o->steps,
           d->seed, md->act == MODEL_RELU ? "relu" : "linear", loss);
    for (int i = 0; i < md->n; i++) {
        printf("%s[", i ? ", " : "");
        for (int j = 0; j < md->m; j++)
            printf("%s%.9g", j ? ", " : "", md->W[(size_t)i * md->m + j]);
        putchar(']');
    }
    printf("],\n \"b\": [");
    for (int i = 0; i < md->n; i++)
        printf("%s%.9g", i ? ", " : "", md->b[i]);
    printf("],\n \"norms\": ");
    print_array(a->norms, a->n);
    printf(",\n \"dimensionality\": ");
    print_array(a->dimensionality, a->n);
    printf(",\n \"superposition\": ");
    print_array(a->superposition, a->n);
    printf(",\n \"represented\": %d,\n \"angles_deg\": ", a->represented);
    print_array(a->angles_deg, a->m == 2 ? a->n : 0);
    printf(",\n \"angle_gaps_deg\": ");
    print_array(a->gaps_deg, a->gap_count);
    print_sets_json(t);
    printf(",\n \"seconds\": %.6g, \"samples_per_second\": %.6g}\n", seconds, sps);
}

static const char *plural(int count)
{
    return count == 1 ? "" : "s";
}

/* The gaps, and the arrangement with the lowest known loss for that many represented features
 * with how far the gaps are from it (nothing for one feature). */
static void print_gaps(const struct analysis *a)
{
    char gaps[1024], shape[64];
    double off;
    analysis_gaps_text(a, 1, a->gap_count, gaps, sizeof gaps);
    printf("angle gaps: %s", gaps);
    if (analysis_gap_shape(a, shape, sizeof shape, &off))
        printf(" (%s: worst gap off by %.1f)", shape, off);
    putchar('\n');
}

static void print_table(const struct cli_options *o, const struct trainer *t, double loss,
                        const struct analysis *a, double seconds, double sps)
{
    const struct model *md = trainer_model(t);
    const struct trainer_desc *d = trainer_settings(t);
    const float *imp = trainer_importance(t);
    printf("n = %d feature%s, m = %d hidden, density %g (sparsity S = %g), decay %g, %s\n", md->n,
           plural(md->n), md->m, d->density, 1.0 - d->density, d->decay,
           md->act == MODEL_RELU ? "ReLU" : "linear");
    printf("%ld steps of batch %d, lr %g, seed %" PRIu64 ": %.2f s, %.3g samples/s\n", o->steps,
           d->batch, d->lr, d->seed, seconds, sps);
    printf("loss %.6g on %d fresh samples; %d of %d feature%s represented (norm > %.1f)\n", loss,
           TRAINER_REPORT_SAMPLES, a->represented, md->n, plural(md->n), ANALYSIS_REPRESENTED_NORM);
    if (a->m == 2 && a->gap_count > 0)
        print_gaps(a);
    print_sets_table(t);
    printf("\nfeature  importance   norm     D_i   superpos.    bias%s\n", a->m == 2 ? "   angle" : "");
    for (int i = 0; i < md->n; i++) {
        printf("%7d  %10.4f  %6.3f  %6.3f  %9.3f  %7.3f", i, imp[i], a->norms[i],
               a->dimensionality[i], a->superposition[i], output_shown(md->b[i], 3));
        if (a->m == 2)
            printf("  %6.1f", a->angles_deg[i]);
        putchar('\n');
    }
}

static int best_instance(const struct instance *inst, int count)
{
    int best = -1;
    for (int k = 0; k < count; k++)
        if (inst[k].trainer && inst[k].diverged_at < 0 && isfinite(inst[k].eval_loss) &&
            (best < 0 || inst[k].eval_loss < inst[best].eval_loss))
            best = k;
    return best;
}

static int report(const struct cli_options *o, struct instance *inst, double seconds)
{
    int best = best_instance(inst, o->instances);
    if (best < 0) {
        if (inst[0].trainer && inst[0].diverged_at >= 0)
            fprintf(stderr, "superpose: training diverged at step %ld (loss or weights not finite); "
                    "try a smaller --lr (now %g)\n", inst[0].diverged_at, o->desc.lr);
        else
            fprintf(stderr, "superpose: out of memory for %d features x %d hidden, batch %d\n",
                    o->desc.features, o->desc.hidden, o->desc.batch);
        return 1;
    }
    const struct model *md = trainer_model(inst[best].trainer);
    struct analysis a;
    if (!analysis_init(&a, md->n)) {
        fprintf(stderr, "superpose: out of memory\n");
        return 1;
    }
    analysis_compute(&a, md->W, md->n, md->m);
    double sps = (double)o->steps * o->desc.batch * o->instances / seconds;
    if (o->json)
        print_json(o, inst[best].trainer, inst[best].eval_loss, &a, seconds, sps);
    else
        print_table(o, inst[best].trainer, inst[best].eval_loss, &a, seconds, sps);
    analysis_finish(&a);
    return 0;
}

int train_run(const struct cli_options *o)
{
    struct instance *inst = calloc((size_t)o->instances, sizeof *inst);
    if (!inst) {
        fprintf(stderr, "superpose: out of memory\n");
        return 1;
    }
    char note[256];
    if (featsets_cap_note(&o->desc.sets, o->desc.density, note, sizeof note))
        fprintf(stderr, "superpose: note: %s\n", note);
    int threads = o->threads ? o->threads : parallel_cpu_count();
    bool show = !o->json && isatty(STDOUT_FILENO) && isatty(STDERR_FILENO);
    struct run run = {
        .o = o,
        .inst = inst,
        .progress = progress_create(show ? stderr : NULL, "training",
                                    o->steps * (long)o->instances, o->desc.batch),
    };
    double t0 = clock_seconds();
    parallel_for(o->instances, threads, train_one, &run);
    double seconds = clock_seconds() - t0;
    progress_destroy(run.progress);
    parallel_for(o->instances, threads, evaluate_one, &run);
    int rc = report(o, inst, seconds);
    for (int k = 0; k < o->instances; k++)
        trainer_destroy(inst[k].trainer);
    free(inst);
    return rc;
}
