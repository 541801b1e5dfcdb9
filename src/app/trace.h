/* The window's trace lines (a test hook, WINDOW_TRACE_ENV) and its frame statistics: frames per
 * second over half-second windows, the draw time as a running mean, and the frame intervals and
 * work times kept for the exit summary and the frame-time benchmark. */
#ifndef SUPERPOSE_APP_TRACE_H
#define SUPERPOSE_APP_TRACE_H

#include <stdbool.h>

/* Frames whose times are kept (a ring past this many). */
#define TRACE_FRAME_SAMPLES 4096

struct trace {
    bool on;                  /* print trace lines */
    double fps, frame_ms;     /* what the readout shows; 0 until measured */
    long frames;
    int fps_frames;
    double fps_t0;
    double *intervals;        /* seconds between frames' starts */
    double *work;             /* seconds from a frame's start to after its present */
};

bool trace_init(struct trace *t, bool on);
void trace_finish(struct trace *t);

/* One line on stdout, flushed, when the trace is on. */
void trace_printf(const struct trace *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

struct worker_settings;
struct featsets;

/* The training settings as a trace line ("settings density=... hidden=m"). */
void trace_settings(const struct trace *t, const struct worker_settings *w);
/* The feature sets as a trace line, when they differ from `before` (NULL: always). */
void trace_sets(const struct trace *t, const struct featsets *before, const struct featsets *now);

/* Counts a frame at `now` seconds: its draw time (before present), the interval since the
 * previous frame and its whole work. True when the fps was just measured (twice a second). */
bool trace_frame(struct trace *t, double now, double draw_ms, double interval, double work);

/* Starts counting afresh (the benchmark, after a view change). */
void trace_restart(struct trace *t);

/* "frames N mean-ms X p99-ms Y max-ms Z draw-ms W" over the kept intervals. */
void trace_summary(struct trace *t);

/* Percentiles of the kept work times, in ms; false when no frame was counted. */
bool trace_work_percentiles(struct trace *t, double *p50, double *p99, double *max);

#endif
