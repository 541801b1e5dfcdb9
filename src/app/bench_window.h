/* The frame-time benchmark of `superpose bench`: the real window loop offscreen with training
 * unlimited, in the main view, the sweep view and the SAE view. */
#ifndef SUPERPOSE_APP_BENCH_WINDOW_H
#define SUPERPOSE_APP_BENCH_WINDOW_H

#include <stdbool.h>

struct trainer_desc;

/* Frame work time (a frame's start to after its present, pacing excluded) in one view. */
struct bench_window_times {
    long frames;
    double p50_ms, p99_ms, max_ms;
    double fps;               /* frames per wall-clock second, paced to the display's rate */
    double steps_per_sec;     /* the focused model's, at the end */
    double cpu_ms;            /* the main thread's CPU time per frame (on a busy machine the
                               * work time counts the waits for a core too) */
};

/* The paper's feature-dimensionality experiment: n = 400 features in m = 30 dimensions. */
#define BENCH_WINDOW_LARGE_N 400
#define BENCH_WINDOW_LARGE_M 30

struct bench_window_result {
    char renderer[32];
    struct bench_window_times main;    /* the focused model alone */
    struct bench_window_times sweep;   /* the sweep view: the focused model and 12 more */
    int sweep_models;                  /* models training in the sweep view */
    struct bench_window_times sae;     /* the SAE view: the focused model and its SAE */
    /* a window of its own at the paper's dimensionality size, main view: m = BENCH_WINDOW_LARGE_M
     * (the 3D view's projection) and m = 2 (flat, every tip and trail on one plane) */
    struct bench_window_times large, large_flat;
    /* that window in the dimensionality experiment's view: its 24 models training on every
     * core at low priority beside the focused one */
    struct bench_window_times dims;
    long rss_kb, hwm_kb;               /* VmRSS and VmHWM at the end, /proc/self/status */
};

/* Runs the real window loop offscreen (SDL_VIDEODRIVER=offscreen, software renderer) with
 * training unlimited: `frames` frames (at most TRACE_FRAME_SAMPLES) in the main view, then as
 * many in the sweep view and in the SAE view (its SAE unlimited too), then in the main view of
 * a window at n = BENCH_WINDOW_LARGE_N (m = BENCH_WINDOW_LARGE_M, in the main view and the
 * dimensionality experiment's, then m = 2). False when a
 * window could not start (the reason on stderr). */
bool bench_window(const struct trainer_desc *d, int frames, struct bench_window_result *out);
/* The same, printed. */
bool bench_window_print(const struct trainer_desc *d, int frames);

#endif
