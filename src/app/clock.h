/* Monotonic wall-clock time for timings and progress. */
#ifndef SUPERPOSE_APP_CLOCK_H
#define SUPERPOSE_APP_CLOCK_H

#include <time.h>

static inline double clock_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#endif
