/* Temporary files and fatal signals: a tracked file is unlinked when SIGINT, SIGTERM or SIGHUP
 * ends the program, and only then (a handler installed before, or an ignored signal, keeps
 * the program and its file alive). Each case runs in a child process of its own. */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "tempfile.h"

static char dir[] = "/tmp/superpose-tempfile-XXXXXX";
static volatile sig_atomic_t handled;

static void own_handler(int sig)
{
    handled = sig;
}

static bool exists(const char *path)
{
    return access(path, F_OK) == 0;
}

static void make(const char *path)
{
    FILE *fp = fopen(path, "w");
    CHECK(fp && fputs("partial", fp) >= 0, "cannot create %s", path);
    if (fp)
        fclose(fp);
}

enum before { DEFAULT, OWN_HANDLER, IGNORED };

/* A child tracks path (and forgets it again if asked), then raises sig; returns its status. */
static int child(const char *path, int sig, enum before before, bool forget)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        /* the disposition a program normally starts with, whatever this test inherited (under
         * nohup SIGHUP arrives ignored, and an ignored signal rightly stays ignored) */
        signal(sig, SIG_DFL);
        if (before == OWN_HANDLER)
            signal(sig, own_handler);
        if (before == IGNORED)
            signal(sig, SIG_IGN);
        int h = tempfile_track(path);
        if (h < 0)
            _exit(3);
        if (forget)
            tempfile_forget(h);
        raise(sig);
        _exit(before == OWN_HANDLER && handled != sig ? 4 : 0);
    }
    int status = -1;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid, "fork or wait failed");
    return status;
}

int main(void)
{
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    char path[256];
    snprintf(path, sizeof path, "%s/.figure.png.123.tmp", dir);
    const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
    for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; k++) {
        const int sig = sigs[k];
        make(path);
        int st = child(path, sig, DEFAULT, false);
        CHECK(WIFSIGNALED(st) && WTERMSIG(st) == sig, "signal %d: status %#x, want death by it", sig, st);
        CHECK(!exists(path), "signal %d: the tracked file was left behind", sig);

        make(path);
        st = child(path, sig, DEFAULT, true);
        CHECK(WIFSIGNALED(st) && WTERMSIG(st) == sig, "signal %d, forgotten: status %#x", sig, st);
        CHECK(exists(path), "signal %d: a forgotten file (already renamed) was unlinked", sig);

        st = child(path, sig, OWN_HANDLER, false);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "signal %d: the earlier handler was not called (status %#x)", sig, st);
        CHECK(exists(path), "signal %d: unlinked although the program lives on", sig);

        st = child(path, sig, IGNORED, false);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "signal %d: an ignored signal was not kept ignored (status %#x)", sig, st);
        CHECK(exists(path), "signal %d: unlinked on an ignored signal", sig);
        unlink(path);
    }

    /* TEMPFILE_SLOTS at once, then none; a forgotten slot is free again */
    int h[TEMPFILE_SLOTS];
    for (int s = 0; s < TEMPFILE_SLOTS; s++)
        CHECK((h[s] = tempfile_track(path)) >= 0, "slot %d refused", s);
    CHECK(tempfile_track(path) == -1, "more than %d files tracked", TEMPFILE_SLOTS);
    tempfile_forget(h[1]);
    CHECK(tempfile_track(path) == h[1], "a forgotten slot is not reused");
    char longer[8192];
    memset(longer, 'a', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    for (int s = 0; s < TEMPFILE_SLOTS; s++)
        tempfile_forget(h[s]);
    CHECK(tempfile_track(longer) == -1, "a path longer than PATH_MAX was tracked");
    CHECK(rmdir(dir) == 0, "%s not empty", dir);
    return check_result("test_tempfile");
}
