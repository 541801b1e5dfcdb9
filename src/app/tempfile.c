#include "tempfile.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

enum { FREE, CLAIMED, ARMED };

/* The handler reads only slots whose state is ARMED, set after the path is complete. */
static struct {
    atomic_int state;
    char path[PATH_MAX];
} slots[TEMPFILE_SLOTS];

static const int signals[] = { SIGINT, SIGTERM, SIGHUP };
#define SIGNAL_COUNT (int)(sizeof signals / sizeof signals[0])
static struct sigaction previous[SIGNAL_COUNT];
static pthread_once_t installed = PTHREAD_ONCE_INIT;

static void on_signal(int sig, siginfo_t *info, void *context)
{
    int k = 0;
    while (k < SIGNAL_COUNT - 1 && signals[k] != sig)
        k++;
    const struct sigaction *old = &previous[k];
    if (old->sa_flags & SA_SIGINFO) {
        old->sa_sigaction(sig, info, context);
        return;
    }
    if (old->sa_handler != SIG_DFL) {
        old->sa_handler(sig);
        return;
    }
    /* The default action ends the program: unlink (async-signal-safe), then die of it. */
    int saved = errno;
    for (int s = 0; s < TEMPFILE_SLOTS; s++)
        if (atomic_load(&slots[s].state) == ARMED)
            unlink(slots[s].path);
    signal(sig, SIG_DFL);
    raise(sig); /* blocked until this handler returns */
    errno = saved;
}

static void install(void)
{
    for (int k = 0; k < SIGNAL_COUNT; k++) {
        if (sigaction(signals[k], NULL, &previous[k]) != 0 ||
            (!(previous[k].sa_flags & SA_SIGINFO) && previous[k].sa_handler == SIG_IGN))
            continue;
        struct sigaction sa = { .sa_sigaction = on_signal, .sa_flags = SA_SIGINFO | SA_RESTART };
        sigfillset(&sa.sa_mask);
        sigaction(signals[k], &sa, NULL);
    }
}

int tempfile_track(const char *path)
{
    size_t len = strlen(path);
    if (len >= PATH_MAX)
        return -1;
    /* Installed at first use, after SDL_Init in the window, so SDL's handlers are chained. */
    pthread_once(&installed, install);
    for (int s = 0; s < TEMPFILE_SLOTS; s++) {
        int expected = FREE;
        if (atomic_compare_exchange_strong(&slots[s].state, &expected, CLAIMED)) {
            memcpy(slots[s].path, path, len + 1);
            atomic_store(&slots[s].state, ARMED);
            return s;
        }
    }
    return -1;
}

void tempfile_forget(int handle)
{
    if (handle >= 0 && handle < TEMPFILE_SLOTS)
        atomic_store(&slots[handle].state, FREE);
}
