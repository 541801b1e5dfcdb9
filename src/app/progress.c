#include "progress.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "clock.h"

struct progress {
    FILE *out;
    pthread_mutex_t lock;   /* the phase and the line: taken by the reporter and progress_next */
    struct progress_phase phase;
    double start;           /* of the phase */
    bool drawn;             /* the phase's line is on the terminal */
    atomic_long done;
    atomic_bool stop;
    pthread_t thread;
};

/* Under the lock. `final`: the phase is over, draw it even if it was quiet so far only when
 * it was already shown. */
static void draw(struct progress *p, bool final)
{
    const struct progress_phase *ph = &p->phase;
    const double elapsed = clock_seconds() - p->start;
    if (!p->drawn && (final || elapsed < ph->quiet_seconds))
        return;
    const long done = atomic_load(&p->done);
    fprintf(p->out, "\r%s %3.0f%%", ph->label,
            ph->total > 0 ? 100.0 * (double)done / (double)ph->total : 100.0);
    if (ph->unit)
        fprintf(p->out, "  %ld/%ld %s", done, ph->total, ph->unit);
    if (ph->samples_per_unit > 0)
        fprintf(p->out, "  %.3g samples/s",
                elapsed > 0 ? (double)done * ph->samples_per_unit / elapsed : 0.0);
    if (!final && done > 0)
        fprintf(p->out, "  %.0f s left", elapsed * (double)(ph->total - done) / (double)done);
    else if (final)
        fprintf(p->out, "  %.1f s", elapsed);
    fputs("\033[K", p->out); /* clear what a longer line left */
    fflush(p->out);
    p->drawn = true;
}

static void *report(void *arg)
{
    struct progress *p = arg;
    const struct timespec tick = { .tv_sec = 0, .tv_nsec = 20 * 1000 * 1000 };
    for (int n = 0; !atomic_load(&p->stop); n++) {
        if (n % 10 == 0) {
            pthread_mutex_lock(&p->lock);
            draw(p, false);
            pthread_mutex_unlock(&p->lock);
        }
        nanosleep(&tick, NULL);
    }
    return NULL;
}

/* Under the lock: the current phase's last line, ended. */
static void finish_phase(struct progress *p)
{
    draw(p, true);
    if (p->drawn)
        fputc('\n', p->out);
    p->drawn = false;
}

static void begin_phase(struct progress *p, const struct progress_phase *ph)
{
    p->phase = *ph;
    p->start = clock_seconds();
    atomic_store(&p->done, 0);
    if (ph->quiet_seconds <= 0.0)
        draw(p, false);
}

struct progress *progress_create(FILE *out, const struct progress_phase *first)
{
    if (!out)
        return NULL;
    struct progress *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->out = out;
    atomic_init(&p->done, 0);
    atomic_init(&p->stop, false);
    pthread_mutex_init(&p->lock, NULL);
    begin_phase(p, first);
    if (pthread_create(&p->thread, NULL, report, p) != 0) {
        pthread_mutex_destroy(&p->lock);
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

void progress_next(struct progress *p, const struct progress_phase *next)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    finish_phase(p);
    begin_phase(p, next);
    pthread_mutex_unlock(&p->lock);
}

void progress_destroy(struct progress *p)
{
    if (!p)
        return;
    atomic_store(&p->stop, true);
    pthread_join(p->thread, NULL);
    finish_phase(p);
    pthread_mutex_destroy(&p->lock);
    free(p);
}
