/* Temporary files a fatal signal must not leave behind: while a file is tracked, SIGINT,
 * SIGTERM or SIGHUP ending the program first unlink it. A handler that was already installed
 * (SDL's, which turns SIGINT into a quit event) is called instead: that program lives on and
 * finishes or removes its file itself. Signals the caller ignored stay ignored. */
#ifndef SUPERPOSE_APP_TEMPFILE_H
#define SUPERPOSE_APP_TEMPFILE_H

#define TEMPFILE_SLOTS 4

/* Starts tracking path (copied); returns a handle for tempfile_forget, or -1 when the path is
 * too long or TEMPFILE_SLOTS files are already tracked (the file is then not tracked). */
int tempfile_track(const char *path);

/* Stops tracking (after the file was renamed, linked or removed); -1 is accepted. */
void tempfile_forget(int handle);

#endif
