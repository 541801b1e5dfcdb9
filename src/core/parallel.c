#include "parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

struct job {
    void (*fn)(void *ctx, int k);
    void *ctx;
    int count;
    atomic_int next;
};

static void *run(void *arg)
{
    struct job *job = arg;
    for (int k; (k = atomic_fetch_add(&job->next, 1)) < job->count;)
        job->fn(job->ctx, k);
    return NULL;
}

void parallel_for(int count, int threads, void (*fn)(void *ctx, int k), void *ctx)
{
    struct job job = { .fn = fn, .ctx = ctx, .count = count };
    atomic_init(&job.next, 0);
    if (threads > count)
        threads = count;
    if (threads <= 1) {
        run(&job);
        return;
    }
    pthread_t *tid = calloc((size_t)threads - 1, sizeof *tid);
    int started = 0;
    if (tid)
        for (; started < threads - 1; started++)
            if (pthread_create(&tid[started], NULL, run, &job) != 0)
                break;
    run(&job);
    for (int i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    free(tid);
}

int parallel_cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : (int)n;
}
