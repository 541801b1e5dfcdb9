/* `superpose record --out FILE`: the window drawn offscreen (SDL's offscreen video driver, no
 * display at all), the model trained in lockstep with the frames (--speed steps per second of
 * the animation, whatever the machine's pace) and recorded as an animated GIF. */
#ifndef SUPERPOSE_APP_RECORD_H
#define SUPERPOSE_APP_RECORD_H

struct cli_options;

/* Returns the exit status: 0, 1 when the window cannot start or the file cannot be written
 * (one line on stderr saying why, nothing left behind), 2 for a view name not in the table. */
int record_run(const struct cli_options *o);

#endif
