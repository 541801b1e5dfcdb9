/* The window's recording (W) and `superpose record`'s: frames captured from the renderer at
 * fixed intervals of the window's clock (not every frame) and handed to the GIF encoder's
 * thread (recorder.h); the "REC" marker, drawn after the capture so the recording never shows
 * it; what to tell the user when it ends or fails. */
#ifndef SUPERPOSE_APP_CAPTURE_H
#define SUPERPOSE_APP_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

#include "recorder.h"

struct text;

struct capture {
    struct recorder *rec;   /* NULL: not recording */
    int w, h;               /* the frames' size: the output's when it started */
    double t0;              /* the first frame's time */
    long next_tick;         /* the next frame is due at t0 + next_tick / fps */
    int fps;
    long dropped_told;      /* dropped frames the user was told of */
    bool stopping;          /* no more frames: the encoder is writing what is queued */
    long frames, dropped;   /* the last recording's, once it ended */
};

/* What happened, for the shell to toast and trace. */
enum capture_event {
    CAPTURE_NOTHING,
    CAPTURE_SAVED,      /* message: the file's path */
    CAPTURE_FAILED,     /* message: why; nothing was left behind */
    CAPTURE_DROPPING,   /* message: the encoder fell behind, frames are being dropped */
};

/* Starts recording the renderer's output (w x h now) as d describes (its size is set here);
 * false with the reason in msg. `now` is the first frame's time. */
bool capture_start(struct capture *c, const struct recorder_desc *d, int w, int h, double now,
                   char *msg, size_t len);
/* Recording or still saving. */
bool capture_active(const struct capture *c);
/* No more frames; capture_frame reports the result once the encoder has written the file, so
 * the render loop never waits for it. */
void capture_finish(struct capture *c);

/* Called once the frame is drawn, before anything that must not be recorded: reads the output
 * into the encoder's next buffer when a frame is due. An output of another size (the window
 * resized) ends the recording, saved as it is. After capture_finish: CAPTURE_SAVED or
 * CAPTURE_FAILED once the file is written. */
enum capture_event capture_frame(struct capture *c, SDL_Renderer *r, int w, int h, double now,
                                 char *msg, size_t len);

/* Stops and waits for the file to be written (the end of a headless run, or quitting); CAPTURE_SAVED or CAPTURE_FAILED with msg,
 * CAPTURE_NOTHING when it was not recording. frames and dropped may be NULL. */
enum capture_event capture_stop(struct capture *c, char *msg, size_t len, long *frames,
                                long *dropped, long *bytes);

/* The marker in the top right corner of rect: a red disc, "REC" and the time so far (while
 * saving: "saving the recording..."). */
void capture_marker(const struct capture *c, SDL_Renderer *r, struct text *text, float scale,
                    SDL_Rect rect, double now);

#endif
