/* An animated GIF written by a thread of its own (giflib): the render loop hands it frames
 * through a small pool of buffers and never waits for the encoder; when the pool is full the
 * frame is dropped and counted, so memory stays bounded however long it runs. The file is
 * written under a temporary name beside its final one and appears only when complete; on any
 * failure (a full disk, the directory gone) nothing is left behind. No SDL here. */
#ifndef SUPERPOSE_APP_RECORDER_H
#define SUPERPOSE_APP_RECORDER_H

#include <stdbool.h>
#include <stddef.h>

struct recorder;

#define RECORDER_DEFAULT_FPS 20
#define RECORDER_MAX_FPS 50       /* a GIF's delays are in hundredths: 2 is the least */
#define RECORDER_DEFAULT_QUEUE 4

struct recorder_desc {
    int width, height;          /* every frame's, in pixels */
    int fps;                    /* 0: RECORDER_DEFAULT_FPS */
    const char *dir;            /* saved as dir/superpose-YYYYmmdd-HHMMSS.gif (-1, -2, ... when
                                 * taken) as a screenshot is; NULL: the current directory */
    const char *path;           /* instead of dir: this file, replaced if it exists */
    int queue;                  /* frames waiting for the encoder; 0: RECORDER_DEFAULT_QUEUE */
    bool wait;                  /* a full queue makes recorder_frame wait (a headless run has
                                 * no display to keep smooth) instead of dropping the frame */
};

/* Opens the temporary file and starts the encoder. NULL with "cannot write recording in DIR:
 * reason" in err when the file cannot be made (no such directory) or memory runs out. */
struct recorder *recorder_create(const struct recorder_desc *d, char *err, size_t errlen);

/* A buffer for the frame captured at tick `tick` (ticks count 1/fps seconds from the first
 * frame, so a dropped frame lengthens the one before it), width x height RGB, 3 bytes a
 * pixel, rows `*pitch` bytes apart; fill it and call recorder_commit. NULL when the encoder
 * is behind (the frame is counted as dropped), has failed or was stopped. */
unsigned char *recorder_frame(struct recorder *r, long tick, int *pitch);
void recorder_commit(struct recorder *r);

/* No more frames: the encoder writes what is queued, closes and names the file. */
void recorder_stop(struct recorder *r);

/* Whether the encoder has finished (stopped and written, or failed). */
bool recorder_done(struct recorder *r);
/* Whether it has failed (it then drops every frame); the reason in msg. */
bool recorder_failed(struct recorder *r, char *msg, size_t len);

struct recorder_result {
    bool ok;
    char message[4400];   /* the file's path, or why it failed */
    long frames, dropped;
    long bytes;           /* the file's size */
};

/* Stops if not stopped, waits for the encoder, frees everything; result may be NULL. */
void recorder_destroy(struct recorder *r, struct recorder_result *result);

#endif
