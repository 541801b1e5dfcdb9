/* The live window: trains at once on a background thread and draws the latest weights every
 * frame (vectors, sliders, readout, loss curve, per-feature panel), with keys and mouse
 * changing the settings while it runs. */
#ifndef SUPERPOSE_APP_WINDOW_H
#define SUPERPOSE_APP_WINDOW_H

struct cli_options;

/* Test hook: when this environment variable is set (to anything but "0"), the window prints
 * one line per event on stdout: "ready WxH" (output pixels) once the first frame is shown,
 * "settings density=... sparsity=... features=... ..." whenever the settings change,
 * "screenshot PATH" or "screenshot-failed REASON", "frames N mean-ms X p99-ms Y max-ms Z"
 * and "quit" at the end. */
#define WINDOW_TRACE_ENV "SUPERPOSE_TRACE"

/* Runs the window until it is closed or Q is pressed. Returns the exit status: 0 after a
 * normal quit, 1 when it could not start (no font, no display); the reason is on stderr. */
int window_run(const struct cli_options *o);

#endif
