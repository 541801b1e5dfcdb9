#include "bench_window.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "session.h"
#include "trace.h"
#include "views.h"
#include "window.h"

/* Reads "Name:   1234 kB" from /proc/self/status; 0 when absent. */
static long proc_status_kb(const char *name)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = 0;
    size_t len = strlen(name);
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, name, len) == 0 && line[len] == ':') {
            kb = strtol(line + len + 1, NULL, 10);
            break;
        }
    fclose(f);
    return kb;
}

/* The calling thread's CPU time in seconds: what a frame costs the main thread, whatever else
 * the machine runs. */
static double thread_cpu(void)
{
    struct timespec ts;
    return clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0 ? ts.tv_sec + ts.tv_nsec * 1e-9 : 0;
}

/* `frames` frames of the loop, then the work times' percentiles. False once the window quit. */
static bool frames_of(struct window *w, int frames, struct bench_window_times *t)
{
    struct trace *tr = window_trace(w);
    if (!window_frame(w))   /* the first frame after a view change starts its models */
        return false;
    trace_restart(tr);
    double t0 = window_now(w), cpu0 = thread_cpu();
    bool running = true;
    for (int k = 0; k < frames && running; k++)
        running = window_frame(w);
    t->frames = tr->frames;
    t->cpu_ms = (thread_cpu() - cpu0) * 1e3 / fmax(1, tr->frames);
    t->fps = tr->frames / fmax(window_now(w) - t0, 1e-9);
    trace_work_percentiles(tr, &t->p50_ms, &t->p99_ms, &t->max_ms);
    t->steps_per_sec = window_session(w)->snap.steps_per_sec;
    return running;
}

/* The main view at the paper's dimensionality size (a window past m = 3 opens in another
 * view), the dimensionality experiment's view, then the main view at m = 2 from M's cycle (a
 * new model, as the key makes it). */
static bool large(const struct trainer_desc *d, int frames, struct bench_window_result *out)
{
    struct cli_options o = { .command = CLI_WINDOW, .desc = *d, .speed = 0 };
    o.desc.features = BENCH_WINDOW_LARGE_N;
    o.desc.hidden = BENCH_WINDOW_LARGE_M;
    struct window *w = window_create_offscreen(&o);
    if (!w)
        return false;
    struct session *s = window_session(w);
    session_show(s, VIEW_MAIN);
    bool ok = frames_of(w, frames, &out->large);
    session_show(s, VIEW_DIMEXP);
    ok = ok && frames_of(w, frames, &out->dims);
    session_show(s, VIEW_MAIN);
    session_key(s, SDLK_m, 0, window_now(w));
    ok = ok && s->controls.settings.hidden == 2 && frames_of(w, frames, &out->large_flat);
    window_destroy(w);
    return ok;
}

bool bench_window(const struct trainer_desc *d, int frames, struct bench_window_result *out)
{
    struct cli_options o = { .command = CLI_WINDOW, .desc = *d, .speed = 0 };
    *out = (struct bench_window_result){ 0 };
    if (frames > TRACE_FRAME_SAMPLES)
        frames = TRACE_FRAME_SAMPLES;
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    struct window *w = window_create_offscreen(&o);
    if (!w)
        return false;
    window_renderer_name(w, out->renderer, sizeof out->renderer);
    bool ok = frames_of(w, frames, &out->main);
    struct session *s = window_session(w);
    session_show(s, VIEW_SWEEP);
    ok = ok && frames_of(w, frames, &out->sweep);
    out->sweep_models = s->companions.count + 1;
    session_show(s, VIEW_SAE);
    ok = ok && frames_of(w, frames, &out->sae);
    out->rss_kb = proc_status_kb("VmRSS");
    out->hwm_kb = proc_status_kb("VmHWM");
    window_destroy(w);
    return ok && large(d, frames, out);
}

#define ROW "  %-22s p50 %6.2f ms   p99 %6.2f ms   max %6.2f ms   %5.1f fps   cpu %5.2f ms\n"

bool bench_window_print(const struct trainer_desc *d, int frames)
{
    struct bench_window_result r;
    printf("\nWindow frame time (offscreen, %d frames per view, training unlimited; work from a "
           "frame's start to its present; cpu: the main thread's CPU time per frame):\n", frames);
    fflush(stdout);
    if (!bench_window(d, frames, &r)) {
        printf("  not measured: the window could not start (see above)\n");
        return false;
    }
    printf("  renderer %s\n", r.renderer);
    printf(ROW, "1 model",
           r.main.p50_ms, r.main.p99_ms, r.main.max_ms, r.main.fps, r.main.cpu_ms);
    char sweep[32];
    snprintf(sweep, sizeof sweep, "sweep (1 + %d models)", r.sweep_models - 1);
    printf(ROW, sweep,
           r.sweep.p50_ms, r.sweep.p99_ms, r.sweep.max_ms, r.sweep.fps, r.sweep.cpu_ms);
    printf(ROW, "SAE (1 model + SAE)", r.sae.p50_ms, r.sae.p99_ms, r.sae.max_ms, r.sae.fps,
           r.sae.cpu_ms);
    printf("  memory VmRSS %.1f MB, VmHWM %.1f MB (targets: p99 < 16.7 ms, RSS < 100 MB)\n",
           r.rss_kb / 1024.0, r.hwm_kb / 1024.0);
    printf("  in a window of its own, the main view (the 3D view's projection), the dimensionality "
           "experiment's view (its models training), the main view flat:\n");
    char large[3][32];
    snprintf(large[0], sizeof large[0], "n = %d, m = %d", BENCH_WINDOW_LARGE_N,
             BENCH_WINDOW_LARGE_M);
    snprintf(large[1], sizeof large[1], "dimensionality view");
    snprintf(large[2], sizeof large[2], "n = %d, m = 2", BENCH_WINDOW_LARGE_N);
    const struct bench_window_times *lt[3] = { &r.large, &r.dims, &r.large_flat };
    for (int k = 0; k < 3; k++)
        printf(ROW, large[k], lt[k]->p50_ms, lt[k]->p99_ms, lt[k]->max_ms, lt[k]->fps,
               lt[k]->cpu_ms);
    return true;
}
