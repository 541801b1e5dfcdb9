#include "progress.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "clock.h"

struct progress {
    FILE *out;
    const char *label;
    long total, samples_per_unit;
    atomic_long done;
    atomic_bool stop;
    double start;
    pthread_t thread;
};

static void draw(struct progress *p)
{
    long done = atomic_load(&p->done);
    double elapsed = clock_seconds() - p->start;
    double rate = elapsed > 0 ? (double)done * p->samples_per_unit / elapsed : 0.0;
    double eta = done > 0 ? elapsed * (double)(p->total - done) / (double)done : 0.0;
    fprintf(p->out, "\r%s %3.0f%%  %ld/%ld steps  %.3g samples/s  %.0f s left   ", p->label,
            p->total ? 100.0 * (double)done / (double)p->total : 100.0, done, p->total, rate, eta);
    fflush(p->out);
}

static void *report(void *arg)
{
    struct progress *p = arg;
    const struct timespec tick = { .tv_sec = 0, .tv_nsec = 20 * 1000 * 1000 };
    for (int n = 0; !atomic_load(&p->stop); n++) {
        if (n % 10 == 0)
            draw(p);
        nanosleep(&tick, NULL);
    }
    return NULL;
}

struct progress *progress_create(FILE *out, const char *label, long total, long samples_per_unit)
{
    if (!out)
        return NULL;
    struct progress *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->out = out;
    p->label = label;
    p->total = total;
    p->samples_per_unit = samples_per_unit;
    p->start = clock_seconds();
    atomic_init(&p->done, 0);
    atomic_init(&p->stop, false);
    if (pthread_create(&p->thread, NULL, report, p) != 0) {
        free(p);
        return NULL;
    }
    return p;
}

void progress_add(struct progress *p, long units)
{
    if (p)
        atomic_fetch_add(&p->done, units);
}

void progress_destroy(struct progress *p)
{
    if (!p)
        return;
    atomic_store(&p->stop, true);
    pthread_join(p->thread, NULL);
    draw(p);
    fputc('\n', p->out);
    free(p);
}
