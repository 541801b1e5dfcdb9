/* Standard output as a checked stream: a write error anywhere (a full disk, a closed stdout)
 * becomes one line on stderr and exit status 1 when the command ends. And numbers as a
 * person reads them. */
#ifndef SUPERPOSE_APP_OUTPUT_H
#define SUPERPOSE_APP_OUTPUT_H

#include <stdbool.h>

/* Makes closed standard descriptors (`>&-`) fail on use instead of being taken by the next
 * file the program opens. Call first thing in main. */
void output_hold_closed_fds(void);

/* fflush(stdout); false on a write error, whose reason output_finish then reports. For a
 * command that should stop once its output has nowhere to go. */
bool output_flush(void);

/* Closes stdout at the end of a command that returned rc: rc when every write succeeded,
 * else 1 after one line on stderr. A reader that went away (EPIPE, only seen when SIGPIPE
 * is ignored) ends the program quietly by SIGPIPE instead, as the default disposition
 * would have (status 141 in a shell). */
int output_finish(int rc);

/* v as printf's "%.*f" with `decimals` would show it, except that a value that rounds to
 * zero is 0.0, never shown as "-0.000". */
double output_shown(double v, int decimals);

#endif
