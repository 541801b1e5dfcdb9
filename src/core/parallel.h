/* Runs independent jobs (models, figure panels, phase-diagram cells) on several threads. */
#ifndef SUPERPOSE_CORE_PARALLEL_H
#define SUPERPOSE_CORE_PARALLEL_H

/* Calls fn(ctx, k) for k = 0..count-1 on up to `threads` threads, each k exactly once, and
 * returns when all are done. The calling thread works too, so every job runs even when no
 * extra thread can be started (then on this thread alone). */
void parallel_for(int count, int threads, void (*fn)(void *ctx, int k), void *ctx);

/* Online CPU count, at least 1. */
int parallel_cpu_count(void);

#endif
