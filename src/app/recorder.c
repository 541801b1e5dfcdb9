#include "recorder.h"

#include <errno.h>
#include <libgen.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <gif_lib.h>

#include "screenshot.h"
#include "tempfile.h"

/* Each frame has its own palette of the colours that changed since the frame before
 * (giflib's median cut, GifQuantizeBuffer); index TRANSPARENT keeps the pixel below. */
#define COLOURS 255
#define TRANSPARENT 255
#define OUT_BUFFER (64 * 1024)

struct slot {
    unsigned char *pixels;
    long tick;
};

struct recorder {
    int w, h, fps, pitch;
    char tmp[4096], base[4096], path[4096];
    bool named;                 /* path given: replace it; else base.gif, base-1.gif, ... */
    int tracked;                /* tempfile handle */
    int fd;
    bool wait;

    pthread_mutex_t lock;       /* everything down to `failed` */
    pthread_cond_t ready, room;
    int count;                  /* slots in the pool */
    struct slot *slots;
    int *queue, head, queued;   /* slots filled, oldest first */
    int *free_slots, free_count;
    int filling;                /* the slot the render loop fills, or -1 */
    bool stop, done, failed;
    char error[4400];
    long frames, dropped;

    /* the encoder's own */
    pthread_t thread;
    GifFileType *gif;
    unsigned char *prev;        /* the last frame written, as captured */
    unsigned char *held;        /* the newest frame, written once the next one's tick says
                                 * how long it shows */
    long held_tick;
    bool has_held, has_prev;
    unsigned char *index;       /* a rectangle's palette indices */
    unsigned char *r, *g, *b;   /* its changed pixels */
    int32_t *where;             /* where each changed pixel sits in the rectangle */
    unsigned char out[OUT_BUFFER];
    size_t out_used;
    int write_errno;
    long bytes;
};

/* The first failure is the one reported. */
static void fail_msg(struct recorder *r, const char *msg)
{
    pthread_mutex_lock(&r->lock);
    if (!r->failed) {
        snprintf(r->error, sizeof r->error, "%s", msg);
        r->failed = true;
    }
    pthread_cond_broadcast(&r->room);
    pthread_mutex_unlock(&r->lock);
}

/* "cannot write recording FILE: No space left on device", or the encoder's "out of memory". */
static void fail(struct recorder *r)
{
    char msg[4400];
    if (r->write_errno)
        snprintf(msg, sizeof msg, "cannot write recording %s%s: %s", r->named ? r->path : r->base,
                 r->named ? "" : ".gif", strerror(r->write_errno));
    else
        snprintf(msg, sizeof msg, "cannot encode recording: out of memory");
    fail_msg(r, msg);
}

static bool flush_out(struct recorder *r)
{
    size_t off = 0;
    while (off < r->out_used) {
        ssize_t k = write(r->fd, r->out + off, r->out_used - off);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            r->write_errno = k < 0 ? errno : EIO;
            return false;
        }
        off += (size_t)k;
    }
    r->bytes += (long)r->out_used;
    r->out_used = 0;
    return true;
}

/* giflib's output: buffered here so that every write's errno (ENOSPC) is known. */
static int put(GifFileType *gif, const GifByteType *data, int len)
{
    struct recorder *r = gif->UserData;
    if (r->write_errno)
        return 0;
    for (int done = 0; done < len;) {
        size_t k = (size_t)(len - done);
        if (k > OUT_BUFFER - r->out_used)
            k = OUT_BUFFER - r->out_used;
        memcpy(r->out + r->out_used, data + done, k);
        r->out_used += k;
        done += (int)k;
        if (r->out_used == OUT_BUFFER && !flush_out(r))
            return 0;
    }
    return len;
}

/* Hundredths of a second from tick a to tick b, rounded so that they add up to the exact
 * time: 15 fps shows frames for 7, 7, 6, 7, 7, 6, ... */
static int delay(const struct recorder *r, long a, long b)
{
    long ca = (a * 100 + r->fps / 2) / r->fps, cb = (b * 100 + r->fps / 2) / r->fps;
    long d = cb - ca;
    return d < 2 ? 2 : d > 65535 ? 65535 : (int)d;
}

/* The smallest rectangle holding every pixel that differs from the previous frame. */
static bool changed_rect(const struct recorder *r, const unsigned char *f, int *x0, int *y0,
                         int *x1, int *y1)
{
    *x0 = r->w, *y0 = r->h, *x1 = -1, *y1 = -1;
    for (int y = 0; y < r->h; y++) {
        const unsigned char *a = f + (size_t)y * r->pitch, *p = r->prev + (size_t)y * r->pitch;
        if (r->has_prev && memcmp(a, p, (size_t)r->w * 3) == 0)
            continue;
        int lo = 0, hi = r->w - 1;
        while (r->has_prev && memcmp(a + 3 * lo, p + 3 * lo, 3) == 0)
            lo++;
        while (r->has_prev && memcmp(a + 3 * hi, p + 3 * hi, 3) == 0)
            hi--;
        *x0 = lo < *x0 ? lo : *x0;
        *x1 = hi > *x1 ? hi : *x1;
        *y0 = y < *y0 ? y : *y0;
        *y1 = y;
    }
    return *x1 >= 0;
}

static bool put_control(struct recorder *r, int delay_cs, bool transparent)
{
    GraphicsControlBlock gcb = { .DisposalMode = DISPOSE_DO_NOT, .DelayTime = delay_cs,
                                 .TransparentColor = transparent ? TRANSPARENT
                                                                 : NO_TRANSPARENT_COLOR };
    GifByteType ext[4];
    size_t len = EGifGCBToExtension(&gcb, ext);
    return EGifPutExtension(r->gif, GRAPHICS_EXT_FUNC_CODE, (int)len, ext) == GIF_OK;
}

/* Writes frame f (shown for delay_cs): only the rectangle that changed, its unchanged pixels
 * transparent, its changed ones in a palette of their own. */
static bool encode(struct recorder *r, unsigned char *f, int delay_cs)
{
    int x0, y0, x1, y1;
    if (!changed_rect(r, f, &x0, &y0, &x1, &y1)) {
        x0 = y0 = x1 = y1 = 0;   /* nothing changed: one transparent pixel holds the time */
    }
    const int rw = x1 - x0 + 1, rh = y1 - y0 + 1;
    long n = 0;
    for (int y = y0; y <= y1; y++)
        for (int x = x0; x <= x1; x++) {
            const size_t o = (size_t)y * r->pitch + 3 * (size_t)x;
            if (r->has_prev && memcmp(f + o, r->prev + o, 3) == 0)
                continue;
            r->r[n] = f[o], r->g[n] = f[o + 1], r->b[n] = f[o + 2];
            r->where[n++] = (int32_t)((y - y0) * rw + (x - x0));
        }
    memset(r->index, TRANSPARENT, (size_t)rw * rh);
    GifColorType colours[256] = { { 0 } };
    unsigned char *q = r->index + (size_t)rw * rh;   /* scratch after the rectangle */
    int size = COLOURS;
    if (n > 0 &&
        GifQuantizeBuffer((unsigned)n, 1, &size, r->r, r->g, r->b, q, colours) != GIF_OK)
        return false;
    /* GifQuantizeBuffer works in 5 bits a channel and gives each colour its box's mean to
     * that precision (a background of 20, 20, 28 came out 16, 16, 24): each colour is made
     * the exact mean of the pixels it stands for. */
    long sum[COLOURS][4] = { { 0 } };
    for (long k = 0; k < n; k++) {
        long *c = sum[q[k] < COLOURS ? q[k] : 0];
        c[0] += r->r[k], c[1] += r->g[k], c[2] += r->b[k], c[3]++;
        r->index[r->where[k]] = q[k];
    }
    for (int c = 0; c < COLOURS; c++)
        if (sum[c][3] > 0)
            colours[c] = (GifColorType){ (GifByteType)((sum[c][0] + sum[c][3] / 2) / sum[c][3]),
                                         (GifByteType)((sum[c][1] + sum[c][3] / 2) / sum[c][3]),
                                         (GifByteType)((sum[c][2] + sum[c][3] / 2) / sum[c][3]) };
    ColorMapObject *map = GifMakeMapObject(256, colours);
    if (!map)
        return false;
    bool ok = put_control(r, delay_cs, r->has_prev) &&
              EGifPutImageDesc(r->gif, x0, y0, rw, rh, false, map) == GIF_OK;
    for (int y = 0; ok && y < rh; y++)
        ok = EGifPutLine(r->gif, r->index + (size_t)y * rw, rw) == GIF_OK;
    GifFreeMapObject(map);
    if (!ok)
        return false;
    for (int y = y0; y <= y1; y++)
        memcpy(r->prev + (size_t)y * r->pitch + 3 * (size_t)x0,
               f + (size_t)y * r->pitch + 3 * (size_t)x0, (size_t)rw * 3);
    r->has_prev = true;
    return true;
}

/* The header: the screen, and NETSCAPE2.0's loop forever. */
static bool start_gif(struct recorder *r)
{
    int e;
    r->gif = EGifOpen(r, put, &e);
    if (!r->gif)
        return false;
    EGifSetGifVersion(r->gif, true);
    static const unsigned char loop[3] = { 1, 0, 0 };
    return EGifPutScreenDesc(r->gif, r->w, r->h, 8, 0, NULL) == GIF_OK &&
           EGifPutExtensionLeader(r->gif, APPLICATION_EXT_FUNC_CODE) == GIF_OK &&
           EGifPutExtensionBlock(r->gif, 11, "NETSCAPE2.0") == GIF_OK &&
           EGifPutExtensionBlock(r->gif, 3, loop) == GIF_OK &&
           EGifPutExtensionTrailer(r->gif) == GIF_OK;
}

/* Takes the next frame's slot, or -1 once stopped with nothing queued. */
static int next_frame(struct recorder *r)
{
    pthread_mutex_lock(&r->lock);
    while (!r->queued && !r->stop)
        pthread_cond_wait(&r->ready, &r->lock);
    int s = -1;
    if (r->queued) {
        s = r->queue[r->head];
        r->head = (r->head + 1) % r->count;
        r->queued--;
    }
    pthread_mutex_unlock(&r->lock);
    return s;
}

static void give_back(struct recorder *r, int s)
{
    pthread_mutex_lock(&r->lock);
    r->free_slots[r->free_count++] = s;
    pthread_cond_broadcast(&r->room);
    pthread_mutex_unlock(&r->lock);
}

/* Closes the file and gives it its name; false with the reason set. */
static bool finish_file(struct recorder *r, bool ok)
{
    int e = 0;
    if (r->gif && EGifCloseFile(r->gif, &e) != GIF_OK)
        ok = false;
    r->gif = NULL;
    ok = ok && flush_out(r);
    if (close(r->fd) != 0 && ok) {
        r->write_errno = errno;
        ok = false;
    }
    r->fd = -1;
    if (!ok || !r->has_prev) {
        if (ok)
            fail_msg(r, "cannot save recording: no frame was captured");
        else
            fail(r);
        unlink(r->tmp);
        return false;
    }
    char msg[4400];
    if (r->named) {
        if (rename(r->tmp, r->path) == 0)
            return true;
        snprintf(msg, sizeof msg, "cannot save recording as %.4096s: %s", r->path, strerror(errno));
        unlink(r->tmp);
        fail_msg(r, msg);
        return false;
    }
    if (!screenshot_publish(r->tmp, r->base, "gif", "recording", msg, sizeof msg)) {
        fail_msg(r, msg);
        return false;
    }
    snprintf(r->path, sizeof r->path, "%.4095s", msg);
    return true;
}

static void *encoder(void *arg)
{
    struct recorder *r = arg;
    bool ok = start_gif(r);
    for (int s; (s = next_frame(r)) >= 0;) {
        struct slot *sl = &r->slots[s];
        if (ok && r->has_held)
            ok = encode(r, r->held, delay(r, r->held_tick, sl->tick));
        if (ok) {
            unsigned char *t = r->held;   /* the slot's buffer becomes the held one */
            r->held = sl->pixels;
            sl->pixels = t;
            r->held_tick = sl->tick;
            r->has_held = true;
        }
        if (!ok)
            fail(r);
        give_back(r, s);
        if (ok) {
            pthread_mutex_lock(&r->lock);
            r->frames++;
            pthread_mutex_unlock(&r->lock);
        }
    }
    if (ok && r->has_held)
        ok = encode(r, r->held, delay(r, 0, 1));
    ok = finish_file(r, ok) && ok;
    tempfile_forget(r->tracked);
    r->tracked = -1;
    pthread_mutex_lock(&r->lock);
    r->done = true;
    pthread_cond_broadcast(&r->room);
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

/* dir/.superpose-XXXXXX beside the named file. */
static int temp_beside(struct recorder *r, const char *path, char *err, size_t errlen)
{
    char copy[4096];
    snprintf(copy, sizeof copy, "%s", path);
    const char *dir = dirname(copy);
    snprintf(r->path, sizeof r->path, "%s", path);
    snprintf(r->tmp, sizeof r->tmp, "%s/.superpose-XXXXXX", dir);
    int fd = mkstemp(r->tmp);
    r->tracked = fd >= 0 ? tempfile_track(r->tmp) : -1;
    if (fd < 0) {
        snprintf(err, errlen, "cannot write recording in %s: %s", dir, strerror(errno));
        return -1;
    }
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    return fd;
}

static bool allocate(struct recorder *r)
{
    const size_t frame = (size_t)r->pitch * r->h, pixels = (size_t)r->w * r->h;
    r->slots = calloc((size_t)r->count, sizeof *r->slots);
    r->queue = calloc((size_t)r->count, sizeof *r->queue);
    r->free_slots = calloc((size_t)r->count, sizeof *r->free_slots);
    r->prev = malloc(frame);
    r->held = malloc(frame);
    r->index = malloc(2 * pixels);
    r->r = malloc(pixels), r->g = malloc(pixels), r->b = malloc(pixels);
    r->where = malloc(pixels * sizeof *r->where);
    bool ok = r->slots && r->queue && r->free_slots && r->prev && r->held && r->index && r->r &&
              r->g && r->b && r->where;
    for (int k = 0; ok && k < r->count; k++) {
        ok = (r->slots[k].pixels = malloc(frame)) != NULL;
        r->free_slots[r->free_count++] = k;
    }
    return ok;
}

static void release(struct recorder *r)
{
    for (int k = 0; r->slots && k < r->count; k++)
        free(r->slots[k].pixels);
    free(r->slots), free(r->queue), free(r->free_slots);
    free(r->prev), free(r->held), free(r->index);
    free(r->r), free(r->g), free(r->b), free(r->where);
    pthread_mutex_destroy(&r->lock);
    pthread_cond_destroy(&r->ready);
    pthread_cond_destroy(&r->room);
    free(r);
}

struct recorder *recorder_create(const struct recorder_desc *d, char *err, size_t errlen)
{
    struct recorder *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errlen, "cannot record: out of memory");
        return NULL;
    }
    *r = (struct recorder){ .w = d->width, .h = d->height, .pitch = 3 * d->width,
                            .fps = d->fps > 0 ? d->fps : RECORDER_DEFAULT_FPS,
                            .count = d->queue > 0 ? d->queue : RECORDER_DEFAULT_QUEUE,
                            .wait = d->wait, .filling = -1, .fd = -1, .tracked = -1,
                            .named = d->path != NULL };
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->ready, NULL);
    pthread_cond_init(&r->room, NULL);
    if (!allocate(r)) {
        snprintf(err, errlen, "cannot record %dx%d: out of memory", r->w, r->h);
        release(r);
        return NULL;
    }
    r->fd = d->path ? temp_beside(r, d->path, err, errlen)
                    : screenshot_temp(d->dir, "recording", r->tmp, sizeof r->tmp, r->base,
                                      sizeof r->base, &r->tracked, err, errlen);
    if (r->fd < 0) {
        release(r);
        return NULL;
    }
    if (pthread_create(&r->thread, NULL, encoder, r) != 0) {
        snprintf(err, errlen, "cannot record: cannot start a thread");
        close(r->fd);
        unlink(r->tmp);
        tempfile_forget(r->tracked);
        release(r);
        return NULL;
    }
    return r;
}

unsigned char *recorder_frame(struct recorder *r, long tick, int *pitch)
{
    pthread_mutex_lock(&r->lock);
    while (r->wait && !r->free_count && !r->failed && !r->stop)
        pthread_cond_wait(&r->room, &r->lock);
    unsigned char *p = NULL;
    if (r->failed || r->stop) {
        /* nothing */
    } else if (!r->free_count) {
        r->dropped++;
    } else {
        r->filling = r->free_slots[--r->free_count];
        r->slots[r->filling].tick = tick;
        p = r->slots[r->filling].pixels;
        *pitch = r->pitch;
    }
    pthread_mutex_unlock(&r->lock);
    return p;
}

void recorder_commit(struct recorder *r)
{
    pthread_mutex_lock(&r->lock);
    if (r->filling >= 0) {
        r->queue[(r->head + r->queued) % r->count] = r->filling;
        r->queued++;
        r->filling = -1;
        pthread_cond_signal(&r->ready);
    }
    pthread_mutex_unlock(&r->lock);
}

void recorder_stop(struct recorder *r)
{
    pthread_mutex_lock(&r->lock);
    if (r->filling >= 0) {   /* taken but never committed */
        r->free_slots[r->free_count++] = r->filling;
        r->filling = -1;
    }
    r->stop = true;
    pthread_cond_broadcast(&r->ready);
    pthread_cond_broadcast(&r->room);
    pthread_mutex_unlock(&r->lock);
}

bool recorder_done(struct recorder *r)
{
    pthread_mutex_lock(&r->lock);
    bool done = r->done;
    pthread_mutex_unlock(&r->lock);
    return done;
}

bool recorder_failed(struct recorder *r, char *msg, size_t len)
{
    pthread_mutex_lock(&r->lock);
    bool failed = r->failed;
    if (failed)
        snprintf(msg, len, "%s", r->error);
    pthread_mutex_unlock(&r->lock);
    return failed;
}

void recorder_destroy(struct recorder *r, struct recorder_result *result)
{
    if (!r)
        return;
    recorder_stop(r);
    pthread_join(r->thread, NULL);
    if (result) {
        *result = (struct recorder_result){ .ok = !r->failed, .frames = r->frames,
                                            .dropped = r->dropped, .bytes = r->bytes };
        snprintf(result->message, sizeof result->message, "%s", r->failed ? r->error : r->path);
    }
    release(r);
}
