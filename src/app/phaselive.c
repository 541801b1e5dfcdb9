#include "phaselive.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "worker.h"

#define MAX_THREADS 8

struct phaselive {
    struct phase_diagram work;   /* each thread writes only the cells it took */
    int *order;                  /* cell indices in training order */
    int count;
    SDL_atomic_t next;           /* position in order of the next cell to take */
    atomic_int stop;             /* the cells' trainers watch it too, inside their steps */
    SDL_Thread *threads[MAX_THREADS];
    int nthreads;
    Uint64 freq;

    SDL_mutex *lock;             /* guards everything below */
    SDL_cond *wake;
    struct phase_cell *shared;   /* the finished cells, as the renderer sees them */
    int done;
    bool paused;
    Uint64 busy_since;           /* when training last resumed; 0 while paused */
    double busy;                 /* seconds trained before that */
};

/* Every 4th cell in both directions first, then every 2nd, then the rest. */
static void coarse_first(const struct phase_grid *g, int *order)
{
    int k = 0;
    for (int step = 4; step >= 1; step /= 2)
        for (int row = 0; row < g->rows; row++)
            for (int col = 0; col < g->cols; col++) {
                bool here = row % step == 0 && col % step == 0;
                bool earlier = step < 4 && row % (2 * step) == 0 && col % (2 * step) == 0;
                if (here && !earlier)
                    order[k++] = row * g->cols + col;
            }
}

/* Waits while paused; false when told to stop. */
static bool wait_running(struct phaselive *p)
{
    SDL_LockMutex(p->lock);
    while (p->paused && !atomic_load(&p->stop))
        SDL_CondWait(p->wake, p->lock);
    SDL_UnlockMutex(p->lock);
    return !atomic_load(&p->stop);
}

static int run(void *arg)
{
    struct phaselive *p = arg;
    worker_batch_priority();
    while (wait_running(p)) {
        int i = SDL_AtomicAdd(&p->next, 1);
        if (i >= p->count)
            break;
        int k = p->order[i];
        phase_diagram_train_cell(&p->work, k);
        if (atomic_load(&p->stop))
            break;   /* the cell was cut short */
        SDL_LockMutex(p->lock);
        p->shared[k] = p->work.cells[k];
        p->done++;
        if (p->done == p->count && p->busy_since) {
            p->busy += (double)(SDL_GetPerformanceCounter() - p->busy_since) / (double)p->freq;
            p->busy_since = 0;
        }
        SDL_UnlockMutex(p->lock);
    }
    return 0;
}

struct phaselive *phaselive_create(const struct phase_grid *g, const struct phase_train *pt,
                                   int threads)
{
    struct phaselive *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->count = g->cols * g->rows;
    p->freq = SDL_GetPerformanceFrequency();
    if (!phase_diagram_init(&p->work, g, pt))
        goto fail;
    p->work.train.stop = &p->stop;
    p->order = malloc((size_t)p->count * sizeof *p->order);
    p->shared = malloc((size_t)p->count * sizeof *p->shared);
    p->lock = SDL_CreateMutex();
    p->wake = SDL_CreateCond();
    if (!p->order || !p->shared || !p->lock || !p->wake)
        goto fail;
    memcpy(p->shared, p->work.cells, (size_t)p->count * sizeof *p->shared);
    coarse_first(g, p->order);
    p->busy_since = SDL_GetPerformanceCounter();
    threads = threads < 1 ? 1 : threads > MAX_THREADS ? MAX_THREADS : threads;
    for (; p->nthreads < threads; p->nthreads++) {
        p->threads[p->nthreads] = SDL_CreateThread(run, "superpose-phase", p);
        if (!p->threads[p->nthreads])
            break;
    }
    if (p->nthreads == 0)
        goto fail;
    return p;
fail:
    phaselive_destroy(p);
    return NULL;
}

void phaselive_destroy(struct phaselive *p)
{
    if (!p)
        return;
    atomic_store(&p->stop, 1);
    if (p->lock) {
        SDL_LockMutex(p->lock);
        SDL_CondBroadcast(p->wake);
        SDL_UnlockMutex(p->lock);
    }
    for (int t = 0; t < p->nthreads; t++)
        SDL_WaitThread(p->threads[t], NULL);
    if (p->wake)
        SDL_DestroyCond(p->wake);
    if (p->lock)
        SDL_DestroyMutex(p->lock);
    free(p->shared);
    free(p->order);
    phase_diagram_finish(&p->work);
    free(p);
}

void phaselive_pause(struct phaselive *p, bool paused)
{
    SDL_LockMutex(p->lock);
    Uint64 now = SDL_GetPerformanceCounter();
    if (paused && !p->paused && p->busy_since) {
        p->busy += (double)(now - p->busy_since) / (double)p->freq;
        p->busy_since = 0;
    } else if (!paused && p->paused && p->done < p->count) {
        p->busy_since = now;
    }
    p->paused = paused;
    SDL_CondBroadcast(p->wake);
    SDL_UnlockMutex(p->lock);
}

int phaselive_threads(const struct phaselive *p)
{
    return p->nthreads;
}

int phaselive_take(struct phaselive *p, struct phase_diagram *out, double *seconds)
{
    SDL_LockMutex(p->lock);
    memcpy(out->cells, p->shared, (size_t)p->count * sizeof *out->cells);
    int done = p->done;
    double busy = p->busy;
    if (p->busy_since)
        busy += (double)(SDL_GetPerformanceCounter() - p->busy_since) / (double)p->freq;
    SDL_UnlockMutex(p->lock);
    if (seconds)
        *seconds = busy;
    return done;
}
