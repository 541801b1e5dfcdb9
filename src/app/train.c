#include "train.h"

#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "analysis.h"
#include "cli.h"
#include "clock.h"
#include "featsets.h"
#include "memory.h"
#include "model.h"
#include "model_neurons.h"
#include "output.h"
#include "parallel.h"
#include "progress.h"
#include "train_neurons.h"
#include "trainer.h"


/* Progress units: samples, a training sample counting TRAIN_WEIGHT (its forward pass and the
 * two of the gradient) against 1 for a sample of the loss measurement. */
#define TRAIN_WEIGHT 3

/* The instances run on parallel threads; each measures its loss when trained, and only the
 * lowest loss so far is kept (ties: the lower seed), so at most threads + 1 models are alive. */
struct run {
    const struct cli_options *o;
    struct progress *progress;
    const struct progress_phase *eval_phase;  /* K = 1: the loss gets a line of its own */
    long units_per_step;                      /* 1 (steps) for K = 1, else weighted samples */
    pthread_mutex_t lock;                     /* everything below */
    struct trainer *best;
    double best_loss;
    int best_k;
    double train_seconds;      /* summed over the instances */
    long diverged_at;          /* the first instance's failing step, or -1 */
    int created, failed;       /* trainers made, and those trainer_create could not make */
};

long train_steps(struct trainer *t, long steps, struct progress *p, long units_per_step)
{
    /* count about every 2^22 multiply-adds: every step of a large model, every 256th of a
     * small one */
    const struct model *md = trainer_model(t);
    const double work = (double)trainer_settings(t)->batch * md->n * md->m;
    const long every = work >= 1 << 22 ? 1 : (long)fmin(256.0, (double)(1 << 22) / work);
    long s = 0;
    for (; s < steps && trainer_step(t); s++)
        if ((s + 1) % every == 0)
            progress_add(p, every * units_per_step);
    progress_add(p, (steps - s / every * every) * units_per_step);
    return s;
}

static void counted(void *ctx, int samples)
{
    progress_add(ctx, samples);
}

static void counted_dots(void *ctx, long dots)
{
    progress_add(ctx, dots);
}

static void train_one(void *ctx, int k)
{
    struct run *run = ctx;
    const struct cli_options *o = run->o;
    struct trainer_desc desc = o->desc;
    desc.seed += (uint64_t)k;
    struct trainer *t = trainer_create(&desc);
    if (!t) {
        pthread_mutex_lock(&run->lock);
        run->failed++;
        pthread_mutex_unlock(&run->lock);
        progress_add(run->progress, o->steps * run->units_per_step + TRAINER_REPORT_SAMPLES);
        return;
    }
    double t0 = clock_seconds();
    long done = train_steps(t, o->steps, run->progress, run->units_per_step);
    double seconds = clock_seconds() - t0;
    if (run->eval_phase)
        progress_next(run->progress, run->eval_phase);
    double loss = done < o->steps ? NAN : trainer_report_loss_counted(t, counted, run->progress);
    if (done < o->steps && !run->eval_phase)
        progress_add(run->progress, TRAINER_REPORT_SAMPLES);
    pthread_mutex_lock(&run->lock);
    run->created++;
    run->train_seconds += seconds;
    if (done < o->steps && (run->diverged_at < 0 || k == 0))
        run->diverged_at = done;
    if (isfinite(loss) && (!run->best || loss < run->best_loss ||
                           (loss == run->best_loss && k < run->best_k))) {
        struct trainer *old = run->best;
        run->best = t;
        run->best_loss = loss;
        run->best_k = k;
        t = old;
    }
    pthread_mutex_unlock(&run->lock);
    trainer_destroy(t);
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

void train_print_json(const struct cli_options *o, const struct trainer *t, double loss,
                      const struct analysis *a, double seconds, double sps,
                      void (*more)(void *ctx), void *ctx)
{
    const struct model *md = trainer_model(t);
    const struct trainer_desc *d = trainer_settings(t);
    printf("{\"features\": %d, \"hidden\": %d, \"sparsity\": %.9g, \"density\": %.9g, "
           "\"decay\": %.9g, \"lr\": %.9g, \"batch\": %d, \"steps\": %ld, \"seed\": %" PRIu64 ", "
           "\"activation\": \"%s\", \"model\": \"%s\", \"loss\": %.9g,\n \"W\": [",
           md->n, md->m, 1.0 - d->density, d->density, d->decay, d->lr, d->batch, o->steps,
           d->seed, model_activation_key(md->act), model_kind_key(md->kind), loss);
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
    train_neurons_json(md);
    printf(",\n \"seconds\": %.6g, \"samples_per_second\": %.6g", seconds, sps);
    if (more)
        more(ctx);
    printf("}\n");
}

static const char *plural(int count)
{
    return count == 1 ? "" : "s";
}

/* The gaps, and the arrangement with the lowest known loss for that many represented features
 * with how far the gaps are from it (nothing for one feature). */
static void print_gaps(const struct analysis *a, enum model_activation act)
{
    char gaps[1024], shape[64];
    double off;
    analysis_gaps_text(a, 1, a->gap_count, gaps, sizeof gaps);
    printf("angle gaps: %s", gaps);
    if (analysis_gap_shape(a, act, shape, sizeof shape, &off))
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
           md->kind == MODEL_TIED ? model_activation_name(md->act) : model_kind_name(md->kind));
    printf("%ld step%s of batch %d, lr %g, seed %" PRIu64 ": %.2f s, %.3g samples/s\n", o->steps,
           o->steps == 1 ? "" : "s", d->batch, d->lr, d->seed, seconds, sps);
    printf("loss %.6g on %d fresh samples; %d of %d feature%s represented (norm > %.1f)\n", loss,
           TRAINER_REPORT_SAMPLES, a->represented, md->n, plural(md->n), ANALYSIS_REPRESENTED_NORM);
    if (a->m == 2 && a->gap_count > 0)
        print_gaps(a, md->act);
    print_sets_table(t);
    printf("\nfeature  importance   norm     D_i   superpos.    bias%s\n", a->m == 2 ? "   angle" : "");
    for (int i = 0; i < md->n; i++) {
        printf("%7d  %10.4f  %6.3f  %6.3f  %9.3f  %7.3f", i, imp[i], a->norms[i],
               a->dimensionality[i], a->superposition[i], output_shown(md->b[i], 3));
        if (a->m == 2)
            printf("  %6.1f", a->angles_deg[i]);
        putchar('\n');
    }
    train_neurons_table(md);
}

static void analyse(struct analysis *a, const struct model *md, struct progress *p)
{
    const struct progress_phase phase = { .label = "analysing W", .total = ANALYSIS_DOTS(md->n),
                                          .unit = "dot products", .quiet_seconds = 0.5 };
    progress_next(p, &phase);
    analysis_compute_counted(a, md->W, md->n, md->m, counted_dots, p);
}

static int report(const struct cli_options *o, struct run *run, int threads)
{
    char b[32];
    if (!run->best) {
        if (run->failed && run->created)
            fprintf(stderr, "superpose: out of memory with %d models of %s at once "
                    "(--instances %d, %d threads)\n", threads + 1,
                    memory_text(trainer_bytes(&o->desc), b), o->instances, threads);
        else if (run->failed)
            fprintf(stderr, "superpose: out of memory for --features %d x --hidden %d, --batch %d\n",
                    o->desc.features, o->desc.hidden, o->desc.batch);
        else
            fprintf(stderr, "superpose: training diverged at step %ld (loss or weights not finite); "
                    "try a smaller --lr (now %g)\n", run->diverged_at, o->desc.lr);
        return 1;
    }
    if (run->failed) {
        fprintf(stderr, "superpose: out of memory for %d of the --instances %d models "
                "(%s each, %d threads)\n", run->failed, o->instances,
                memory_text(trainer_bytes(&o->desc), b), threads);
        return 1;
    }
    const struct model *md = trainer_model(run->best);
    struct analysis a;
    if (!analysis_init(&a, md->n)) {
        fprintf(stderr, "superpose: out of memory\n");
        return 1;
    }
    analyse(&a, md, run->progress);
    progress_destroy(run->progress);
    run->progress = NULL;
    /* the training time as if the instances had shared the threads evenly */
    const int used = threads < o->instances ? threads : o->instances;
    const double seconds = run->train_seconds / used;
    const double sps = (double)o->steps * o->desc.batch * o->instances / seconds;
    if (o->json)
        train_print_json(o, run->best, run->best_loss, &a, seconds, sps, NULL, NULL);
    else
        print_table(o, run->best, run->best_loss, &a, seconds, sps);
    analysis_finish(&a);
    return 0;
}

/* The threads that fit in memory, each training one model while, with K > 1, the best so far
 * is kept: all asked for, or fewer when --threads was not given; 0 after one line on stderr
 * when the run cannot fit. */
static int plan_threads(const struct cli_options *o, int threads)
{
    const size_t per = trainer_bytes(&o->desc), avail = memory_available();
    const size_t stack = memory_per_thread();
    const int keep = o->instances > 1;
    char b1[32], b2[32], b3[32];
    if (threads > o->instances)
        threads = o->instances;
    if (per > avail) {
        fprintf(stderr, "superpose: one model of --features %d x --hidden %d with --batch %d at "
                "--density %g needs about %s, more than the %s of memory available\n",
                o->desc.features, o->desc.hidden, o->desc.batch, o->desc.density,
                memory_text(per, b1), memory_text(avail, b2));
        return 0;
    }
    if (keep && 2 * per > avail) {
        fprintf(stderr, "superpose: --instances %d: keeping the best model while the next one "
                "trains needs 2 x %s, more than the %s of memory available (--instances 1 "
                "needs %s)\n", o->instances, memory_text(per, b1), memory_text(avail, b2),
                memory_text(per, b3));
        return 0;
    }
    int fit = threads;
    while (fit > 1 && (size_t)(fit + keep) * per + (size_t)(fit - 1) * stack > avail)
        fit--;
    if (fit < threads && o->threads) {
        fprintf(stderr, "superpose: --threads %d: %d models of %s at once (%d training%s) need "
                "%s, more than the %s of memory available; at most --threads %d fit\n",
                o->threads, threads + keep, memory_text(per, b1), threads,
                keep ? ", the best kept" : "", memory_text((threads + keep) * per, b2),
                memory_text(avail, b3), fit);
        return 0;
    }
    return fit;
}

int train_run(const struct cli_options *o)
{
    char note[256];
    if (featsets_cap_note(&o->desc.sets, o->desc.density, note, sizeof note))
        fprintf(stderr, "superpose: note: %s\n", note);
    const int threads = plan_threads(o, o->threads ? o->threads : parallel_cpu_count());
    if (threads == 0)
        return 1;
    const long per_instance = o->steps * (long)o->desc.batch * TRAIN_WEIGHT + TRAINER_REPORT_SAMPLES;
    char label[64];
    snprintf(label, sizeof label, "training %d models", o->instances);
    /* one model: its steps, then its loss, each with a line; several: one line for both */
    const struct progress_phase one = { .label = "training", .total = o->steps,
                                        .unit = "steps", .samples_per_unit = o->desc.batch };
    const struct progress_phase many = { .label = label, .total = per_instance * o->instances };
    const struct progress_phase eval = { .label = "measuring the loss",
                                         .total = TRAINER_REPORT_SAMPLES, .unit = "samples",
                                         .quiet_seconds = 0.5 };
    struct run run = {
        .o = o,
        .progress = progress_create(isatty(STDERR_FILENO) ? stderr : NULL,
                                    o->instances == 1 ? &one : &many),
        .eval_phase = o->instances == 1 ? &eval : NULL,
        .units_per_step = o->instances == 1 ? 1 : (long)o->desc.batch * TRAIN_WEIGHT,
        .diverged_at = -1,
    };
    pthread_mutex_init(&run.lock, NULL);
    parallel_for(o->instances, threads, train_one, &run);
    int rc = report(o, &run, threads);
    progress_destroy(run.progress);
    trainer_destroy(run.best);
    pthread_mutex_destroy(&run.lock);
    return rc;
}
