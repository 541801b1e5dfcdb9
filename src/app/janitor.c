#include "janitor.h"

#include <stdbool.h>
#include <stdlib.h>

#include <SDL.h>

#define JANITOR_QUEUE 64

struct job {
    janitor_fn fn;
    void *obj;
};

struct janitor {
    SDL_mutex *lock;
    SDL_cond *wake;
    SDL_Thread *thread;
    struct job queue[JANITOR_QUEUE];
    int head, count;
    bool quit;
};

static int run(void *arg)
{
    struct janitor *j = arg;
    SDL_LockMutex(j->lock);
    for (;;) {
        while (j->count == 0 && !j->quit)
            SDL_CondWait(j->wake, j->lock);
        if (j->count == 0)
            break;
        struct job job = j->queue[j->head];
        j->head = (j->head + 1) % JANITOR_QUEUE;
        j->count--;
        SDL_UnlockMutex(j->lock);
        job.fn(job.obj);
        SDL_LockMutex(j->lock);
    }
    SDL_UnlockMutex(j->lock);
    return 0;
}

struct janitor *janitor_create(void)
{
    struct janitor *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    j->lock = SDL_CreateMutex();
    j->wake = SDL_CreateCond();
    if (!j->lock || !j->wake)
        goto fail;
    j->thread = SDL_CreateThread(run, "superpose-free", j);
    if (!j->thread)
        goto fail;
    return j;
fail:
    janitor_destroy(j);
    return NULL;
}

void janitor_defer(struct janitor *j, janitor_fn fn, void *obj)
{
    if (!obj)
        return;
    bool queued = false;
    if (j) {
        SDL_LockMutex(j->lock);
        if (j->count < JANITOR_QUEUE) {
            j->queue[(j->head + j->count) % JANITOR_QUEUE] = (struct job){ fn, obj };
            j->count++;
            queued = true;
            SDL_CondSignal(j->wake);
        }
        SDL_UnlockMutex(j->lock);
    }
    if (!queued)
        fn(obj);
}

void janitor_destroy(struct janitor *j)
{
    if (!j)
        return;
    if (j->thread) {
        SDL_LockMutex(j->lock);
        j->quit = true;
        SDL_CondSignal(j->wake);
        SDL_UnlockMutex(j->lock);
        SDL_WaitThread(j->thread, NULL);
    }
    if (j->wake)
        SDL_DestroyCond(j->wake);
    if (j->lock)
        SDL_DestroyMutex(j->lock);
    free(j);
}
