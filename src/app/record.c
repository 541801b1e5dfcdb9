#include "record.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <SDL.h>

#include "cli.h"
#include "clock.h"
#include "progress.h"
#include "recorder.h"
#include "session.h"
#include "views.h"
#include "window.h"

/* A training thread that makes no step for this long has hung (a hang guard, not a pace). */
#define STALL_SECONDS 120.0

/* The frames: --seconds of them, or enough to show --steps steps at --speed (the first at
 * step 0, the last at the last step). */
static long frame_count(const struct cli_options *o)
{
    if (o->seconds > 0)
        return (long)fmax(1.0, round(o->seconds * o->fps));
    return (long)ceil((double)o->steps * o->fps / o->speed) + 1;
}

/* Frame k shows the model after this many steps. */
static long frame_step(const struct cli_options *o, long k)
{
    long s = (long)llround((double)k * o->speed / o->fps);
    return o->seconds > 0 || s < o->steps ? s : o->steps;
}

/* Waits for the training thread to reach step `target`; false when it makes no progress for
 * STALL_SECONDS. */
static bool reach(struct session *s, long target)
{
    session_limit(s, target);
    double since = clock_seconds();
    long last = session_step(s);
    while (last < target) {
        SDL_Delay(1);
        long now = session_step(s);
        if (now != last)
            since = clock_seconds();
        else if (clock_seconds() - since > STALL_SECONDS)
            return false;
        last = now;
    }
    return true;
}

/* The file's directory must exist and the name must not be a directory, before any work. */
static bool writable(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "superpose: cannot write recording as %s: it is a directory\n", path);
        return false;
    }
    return true;
}

int record_run(const struct cli_options *o)
{
    const enum view_id view = o->view ? views_by_name(o->view) : VIEW_MAIN;
    if (view == VIEW_COUNT) {
        fprintf(stderr, "superpose: --view '%s': no view of that name\n", o->view);
        return 2;
    }
    if (!writable(o->record_out))
        return 1;
    /* Set, not defaulted: a display in the environment must not be used. */
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    /* Paused until the steps are held to the frames, so that frame 0 shows step 0. */
    struct cli_options wo = *o;
    wo.paused = true;
    struct window *w = window_create_offscreen(&wo);
    if (!w)
        return 1;
    int status = 1;
    struct progress *p = NULL;
    char msg[4400];
    if (!window_resize(w, o->width, o->height)) {
        fprintf(stderr, "superpose: the offscreen window would not take %dx%d\n", o->width,
                o->height);
        goto cleanup;
    }
    struct session *s = window_session(w);
    session_limit(s, 0);
    session_key(s, SDLK_SPACE, KMOD_NONE, 0);   /* resume, through the key the user has */
    if (view != VIEW_MAIN)
        session_show(s, view);
    const long frames = frame_count(o);
    window_set_clock(w, 0);
    const struct recorder_desc d = { .path = o->record_out, .fps = o->fps, .wait = true };
    if (!window_record(w, &d, msg, sizeof msg)) {
        fprintf(stderr, "superpose: %s\n", msg);
        goto cleanup;
    }
    const struct progress_phase phase = { .label = "recording", .total = frames,
                                          .unit = "frames" };
    p = progress_create(isatty(STDERR_FILENO) ? stderr : NULL, &phase);
    for (long k = 0; k < frames; k++) {
        if (!reach(s, frame_step(o, k))) {
            progress_destroy(p);
            p = NULL;
            fprintf(stderr, "superpose: training made no step for %.0f s\n", STALL_SECONDS);
            window_stop_recording(w, msg, sizeof msg, NULL, NULL);
            goto cleanup;
        }
        window_set_clock(w, (double)k / o->fps);
        window_frame(w);
        progress_add(p, 1);
        if (!window_recording(w)) {   /* failed (a full disk): said on stderr */
            progress_destroy(p);
            p = NULL;
            goto cleanup;
        }
    }
    progress_destroy(p);
    p = NULL;
    long done = 0, bytes = 0;
    if (window_stop_recording(w, msg, sizeof msg, &done, &bytes)) {
        printf("%s: %ld frames of %dx%d at %d frames/s, steps 0 to %ld, %ld bytes\n", msg, done,
               o->width, o->height, o->fps, frame_step(o, frames - 1), bytes);
        status = 0;
    }
cleanup:
    progress_destroy(p);
    window_destroy(w);
    return status;
}
