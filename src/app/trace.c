#include "trace.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "featsets.h"
#include "model_neurons.h"
#include "worker.h"

bool trace_init(struct trace *t, bool on)
{
    *t = (struct trace){ .on = on };
    t->intervals = calloc(TRACE_FRAME_SAMPLES, sizeof *t->intervals);
    t->work = calloc(TRACE_FRAME_SAMPLES, sizeof *t->work);
    return t->intervals && t->work;
}

void trace_finish(struct trace *t)
{
    free(t->intervals);
    free(t->work);
    t->intervals = t->work = NULL;
}

void trace_printf(const struct trace *t, const char *fmt, ...)
{
    if (!t->on)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
    fflush(stdout);
}

bool trace_frame(struct trace *t, double now, double draw_ms, double interval, double work)
{
    bool measured = false;
    t->fps_frames++;
    if (now - t->fps_t0 >= 0.5) {
        t->fps = t->fps_frames / (now - t->fps_t0);
        t->fps_frames = 0;
        t->fps_t0 = now;
        measured = true;
    }
    t->frame_ms = t->frame_ms > 0 ? t->frame_ms + 0.1 * (draw_ms - t->frame_ms) : draw_ms;
    if (t->intervals && t->frames > 0)
        t->intervals[(t->frames - 1) % TRACE_FRAME_SAMPLES] = interval;
    if (t->work)
        t->work[t->frames % TRACE_FRAME_SAMPLES] = work;
    t->frames++;
    return measured;
}

void trace_restart(struct trace *t)
{
    t->frames = 0;
}

static int compare_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

void trace_summary(struct trace *t)
{
    long count = t->frames - 1 < TRACE_FRAME_SAMPLES ? t->frames - 1 : TRACE_FRAME_SAMPLES;
    if (!t->on || !t->intervals || count < 1)
        return;
    qsort(t->intervals, (size_t)count, sizeof(double), compare_double);
    double sum = 0;
    for (long k = 0; k < count; k++)
        sum += t->intervals[k];
    trace_printf(t, "frames %ld mean-ms %.2f p99-ms %.2f max-ms %.2f draw-ms %.2f", t->frames,
                 sum / count * 1e3, t->intervals[(long)(count * 0.99)] * 1e3,
                 t->intervals[count - 1] * 1e3, t->frame_ms);
}

bool trace_work_percentiles(struct trace *t, double *p50, double *p99, double *max)
{
    long count = t->frames < TRACE_FRAME_SAMPLES ? t->frames : TRACE_FRAME_SAMPLES;
    if (count < 1 || !t->work)
        return false;
    qsort(t->work, (size_t)count, sizeof(double), compare_double);
    *p50 = t->work[count / 2] * 1e3;
    *p99 = t->work[(long)(count * 0.99)] * 1e3;
    *max = t->work[count - 1] * 1e3;
    return true;
}

void trace_settings(const struct trace *t, const struct worker_settings *w)
{
    trace_printf(t, "settings density=%.6g sparsity=%.6g features=%d decay=%.6g lr=%.6g "
                 "speed=%.6g act=%s model=%s paused=%d hidden=%d", w->density, 1 - w->density,
                 w->features, w->decay, w->lr, w->speed, model_activation_key(w->act),
                 model_kind_key(w->kind), w->paused ? 1 : 0, w->hidden);
}

void trace_sets(const struct trace *t, const struct featsets *before, const struct featsets *now)
{
    if (before && memcmp(before, now, sizeof *now) == 0)
        return;
    char corr[256], anti[256];
    featsets_format(now, FEATSETS_CORRELATED, corr, sizeof corr);
    featsets_format(now, FEATSETS_ANTICORRELATED, anti, sizeof anti);
    trace_printf(t, "sets correlated=%s anticorrelated=%s", corr[0] ? corr : "-",
                 anti[0] ? anti : "-");
}
