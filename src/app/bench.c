#include "bench.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "clock.h"
#include "output.h"
#include "parallel.h"
#include "trainer.h"
#include "bench_window.h"

struct bench_config {
    int n, m;
    double density;
};

static const struct bench_config configs[] = {
    { 5, 2, 0.05 }, { 5, 2, 0.02 }, { 5, 2, 1.0 }, { 20, 5, 0.05 }, { 100, 20, 0.05 }, { 400, 30, 0.01 },
    /* the paper's dimensionality experiment where it is dense: its 1/2 plateau, no sparsity */
    { 400, 30, 0.3 }, { 400, 30, 1.0 },
};

struct job {
    struct bench_config cfg;
    double min_seconds;
    double *samples_per_second; /* one per model */
};

/* Trains one model of the recipe for at least min_seconds and records its samples/s. */
static void run_model(void *ctx, int k)
{
    struct job *job = ctx;
    struct trainer_desc d = TRAINER_DESC_DEFAULT;
    d.features = job->cfg.n;
    d.hidden = job->cfg.m;
    d.density = job->cfg.density;
    d.seed = (uint64_t)k;
    struct trainer *t = trainer_create(&d);
    job->samples_per_second[k] = 0.0;
    if (!t)
        return;
    for (int s = 0; s < 20; s++) /* warm caches and the allocator */
        trainer_step(t);
    long steps = 0, chunk = 64;
    double t0 = clock_seconds(), elapsed = 0.0;
    while (elapsed < job->min_seconds) {
        for (long s = 0; s < chunk; s++)
            trainer_step(t);
        steps += chunk;
        elapsed = clock_seconds() - t0;
    }
    job->samples_per_second[k] = (double)steps * d.batch / elapsed;
    trainer_destroy(t);
}

static double measure(const struct bench_config *cfg, int threads, double min_seconds)
{
    double *sps = calloc((size_t)threads, sizeof *sps);
    if (!sps)
        return 0.0;
    struct job job = { .cfg = *cfg, .min_seconds = min_seconds, .samples_per_second = sps };
    parallel_for(threads, threads, run_model, &job);
    double total = 0.0;
    for (int k = 0; k < threads; k++)
        total += sps[k];
    free(sps);
    return total;
}

int bench_run(const struct cli_options *o)
{
    /* One model per thread: past two per online CPU the threads only share the same cores,
     * while each still holds a model and its memory. */
    const int most = 2 * parallel_cpu_count();
    if (o->threads > most) {
        fprintf(stderr, "superpose: --threads %d: bench measures from 1 to %d threads here (two "
                "per online CPU, %d CPUs); more would only share the same cores\n", o->threads,
                most, most / 2);
        return 2;
    }
    const int threads = o->threads ? o->threads : most / 2;
    const double seconds = o->quick ? 0.2 : 1.0;
    printf("Training throughput, the paper's recipe (batch 1024, AdamW), samples/s.\n");
    printf("All threads: one independent model per thread (%d threads).\n\n", threads);
    printf("%-20s %14s %14s %9s\n", "(n, m, density)", "1 thread", "all threads", "speed-up");
    for (size_t c = 0; c < sizeof configs / sizeof configs[0]; c++) {
        const struct bench_config *cfg = &configs[c];
        char name[64];
        snprintf(name, sizeof name, "(%d, %d, %g)", cfg->n, cfg->m, cfg->density);
        printf("%-20s ", name);
        if (!output_flush())
            return 1; /* nowhere to put the numbers */
        double one = measure(cfg, 1, seconds);
        printf("%14.4g ", one);
        fflush(stdout);
        double all = measure(cfg, threads, seconds);
        printf("%14.4g %8.2fx\n", all, one > 0 ? all / one : 0.0);
    }
    if (!output_flush())
        return 1;
    bench_window_print(&o->desc, o->quick ? 200 : 600);
    return 0;
}
