#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int first_error; /* errno of the first failed output_flush */

void output_hold_closed_fds(void)
{
    /* /dev/null opened the wrong way round, as gnulib's stdopen does: writes fail (EBADF). */
    for (int fd = 0; fd <= 2; fd++)
        if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
            int held = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
            if (held >= 0 && held != fd) {
                dup2(held, fd);
                close(held);
            }
        }
}

bool output_flush(void)
{
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout))
        return true;
    if (!first_error)
        first_error = errno;
    return false;
}

int output_finish(int rc)
{
    bool failed_before = ferror(stdout);
    errno = 0;
    bool close_failed = fclose(stdout) != 0;
    if (!failed_before && !close_failed)
        return rc;
    int e = first_error ? first_error : errno;
    if (e == EPIPE) {
        signal(SIGPIPE, SIG_DFL);
        raise(SIGPIPE);
    }
    if (e)
        fprintf(stderr, "superpose: cannot write to standard output: %s\n", strerror(e));
    else
        fprintf(stderr, "superpose: cannot write to standard output\n");
    return 1;
}

double output_shown(double v, int decimals)
{
    return fabs(v) < 0.5 * pow(10.0, -decimals) ? 0.0 : v;
}
