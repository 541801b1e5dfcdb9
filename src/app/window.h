/* The live window's shell: SDL set-up, events and frame pacing around the session (what
 * trains, session.h) and the panels (what is drawn, panels.h). It trains at once on a
 * background thread and draws the latest weights every frame, with keys and mouse changing the
 * settings while it runs. */
#ifndef SUPERPOSE_APP_WINDOW_H
#define SUPERPOSE_APP_WINDOW_H

#include <stdbool.h>
#include <stddef.h>

struct cli_options;
struct recorder_desc;
struct session;
struct trace;
struct window;

/* Test hook: when this environment variable is set (to anything but "0"), the window prints
 * one line per event on stdout: "ready WxH" (output pixels) once the first frame is shown,
 * "settings density=... sparsity=... features=... ..." whenever the settings change,
 * "sets correlated=0-1,2-3 anticorrelated=-" at the start and whenever the feature sets change,
 * "note TEXT" for a message that is not an error (a preset, sets dropped),
 * "readout step=... loss=..." (the drawn values, raw) twice a second, "screenshot PATH" or
 * "screenshot-failed REASON", "recording-start WxH fps=F" and "recording-stop" (W),
 * "recording PATH frames=N dropped=D" once the file is written, "recording-failed REASON",
 * "recording-dropping" when the encoder first falls behind, "frames N mean-ms X p99-ms Y max-ms Z"
 * and "quit" at the end. */
#define WINDOW_TRACE_ENV "SUPERPOSE_TRACE"
/* The window's first size (smaller when the screen is) and the least it may be resized to. */
#define WINDOW_WIDTH 1280
#define WINDOW_HEIGHT 800
#define WINDOW_MIN_WIDTH 640
#define WINDOW_MIN_HEIGHT 480

/* Runs the window until it is closed or Q is pressed. Returns the exit status: 0 after a
 * normal quit, 1 when it could not start (no font, no display); the reason is on stderr.
 * Without a display (SDL falls back to its offscreen or dummy driver and SDL_VIDEODRIVER does
 * not ask for it) it says so, and that `xvfb-run superpose` runs it headless. */
int window_run(const struct cli_options *o);

/* The same loop a frame at a time, for the frame-time benchmark: offscreen (the caller sets
 * SDL_VIDEODRIVER), SDL's software renderer, no trace lines. NULL when it cannot start (the
 * reason on stderr). */
struct window *window_create_offscreen(const struct cli_options *o);
/* One pass: events, the newest weights, draw, present, pace. False once the window quits. */
bool window_frame(struct window *w);
void window_destroy(struct window *w);
struct session *window_session(struct window *w);
struct trace *window_trace(struct window *w);
/* The renderer's name ("software", "opengl", ...). */
void window_renderer_name(struct window *w, char *buf, size_t len);
/* Seconds on the window's clock. */
double window_now(const struct window *w);

/* `superpose record`: the window's clock stands at `now` (frames are paced by the caller, the
 * toasts and the 3D view's turning follow it) until the next call. */
void window_set_clock(struct window *w, double now);
/* A new output size; false when the window could not take it. */
bool window_resize(struct window *w, int width, int height);
/* Starts recording the output from the next frame, as d describes (its size is the output's);
 * false with the reason in msg. */
bool window_record(struct window *w, const struct recorder_desc *d, char *msg, size_t len);
/* Whether a recording is on (false once it failed: the reason went to stderr, the toast and
 * the trace). */
bool window_recording(const struct window *w);
/* Stops, waits for the file and reports it (toast, trace); true when saved (or not recording),
 * msg the path or the reason. frames and bytes may be NULL. */
bool window_stop_recording(struct window *w, char *msg, size_t len, long *frames, long *bytes);

#endif
