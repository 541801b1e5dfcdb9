/* The GIF recorder: the frames written decode (giflib's DGifSlurp) to as many frames as were
 * given, each composed picture within the palette's error of what was captured, the delays
 * adding up to the frames' time at a rate that does not divide 100; a dropped frame (the
 * queue full) lengthens the one before it; a missing directory is refused at once and a
 * directory removed while recording fails at the end, in both cases with the reason and no
 * file left behind; a named file is replaced whole. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "check.h"
#include "gifdec.h"
#include "recorder.h"

#define W 160
#define H 120

/* Frame t: a dark background, a disc moving along x, a bar growing with t, and a smooth
 * gradient band (more colours than a palette holds). */
static void draw(unsigned char *p, int pitch, int t)
{
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            unsigned char *q = p + (size_t)y * pitch + 3 * x;
            int dx = x - (20 + 4 * t), dy = y - 60;
            q[0] = 20, q[1] = 20, q[2] = 28;
            if (dx * dx + dy * dy < 100)
                q[0] = 250, q[1] = 230, q[2] = 40;
            if (y > 100 && x < 5 * t)
                q[0] = 60, q[1] = 150, q[2] = 200;
            if (y < 20)
                q[0] = (unsigned char)x, q[1] = (unsigned char)(y * 12), q[2] = (unsigned char)(255 - x);
        }
}

static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    int count = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        count += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    if (d)
        closedir(d);
    return count;
}

/* Records `frames` frames at fps into dir (or path), each given at tick = its index, waiting
 * for room; the result. */
static struct recorder_result record(const char *dir, const char *path, int frames, int fps)
{
    char err[512];
    struct recorder_result res = { 0 };
    struct recorder *r = recorder_create(&(struct recorder_desc){ .width = W, .height = H,
                                                                  .fps = fps, .dir = dir,
                                                                  .path = path, .wait = true },
                                         err, sizeof err);
    CHECK(r != NULL, "recorder_create: %s", err);
    if (!r)
        return res;
    for (int t = 0; t < frames; t++) {
        int pitch;
        unsigned char *p = recorder_frame(r, t, &pitch);
        CHECK(p != NULL, "frame %d refused while waiting for room", t);
        if (!p)
            continue;
        draw(p, pitch, t);
        recorder_commit(r);
    }
    recorder_destroy(r, &res);
    return res;
}

/* Every frame composed against what was drawn: the mean error per channel within what 255
 * colours of a median cut leave (measured 0.56), the worst pixel (measured 24, in the gradient
 * band) within 32. */
static void check_decoded(const char *path, int frames, int fps)
{
    const char *why = "";
    GifFileType *g = gifdec_open(path, &why);
    CHECK(g != NULL, "%s does not decode: %s", path, why);
    if (!g)
        return;
    CHECK(g->SWidth == W && g->SHeight == H, "screen %dx%d", g->SWidth, g->SHeight);
    CHECK(g->ImageCount == frames, "%d frames decoded, %d recorded", g->ImageCount, frames);
    unsigned char *shown = calloc((size_t)W * H * 3, 1), *want = malloc((size_t)W * H * 3);
    long total_cs = 0;
    double worst_mean = 0;
    int worst = 0;
    for (int k = 0; k < g->ImageCount && k < frames; k++) {
        CHECK(gifdec_compose(g, k, shown), "frame %d does not compose", k);
        draw(want, 3 * W, k);
        long err = 0;
        for (size_t i = 0; i < (size_t)W * H * 3; i++) {
            int e = abs(shown[i] - want[i]);
            err += e;
            worst = e > worst ? e : worst;
        }
        double mean = (double)err / (W * H * 3);
        worst_mean = mean > worst_mean ? mean : worst_mean;
        total_cs += gifdec_delay(g, k);
    }
    printf("%s: %d frames, mean error at most %.2f, worst pixel %d, %ld cs\n", path,
           g->ImageCount, worst_mean, worst, total_cs);
    CHECK(worst_mean < 1.5, "mean error %.2f per channel", worst_mean);
    CHECK(worst <= 32, "a pixel off by %d", worst);
    /* the last frame shows one tick; the total is the frames' time, rounded once */
    long want_cs = (frames * 100L + fps / 2) / fps;
    CHECK(labs(total_cs - want_cs) <= 1, "delays add up to %ld cs, want %ld", total_cs, want_cs);
    free(shown);
    free(want);
    gifdec_close(g);
}

int main(void)
{
    char dir[] = "/tmp/superpose-recorder-XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "mkdtemp: %s", strerror(errno));

    /* 15 fps: delays of 7 and 6 hundredths, adding up */
    struct recorder_result res = record(dir, NULL, 30, 15);
    CHECK(res.ok, "recording failed: %s", res.message);
    CHECK(res.frames == 30 && res.dropped == 0, "%ld frames, %ld dropped", res.frames,
          res.dropped);
    CHECK(strstr(res.message, "/superpose-") && strstr(res.message, ".gif"), "named %s",
          res.message);
    struct stat st;
    CHECK(stat(res.message, &st) == 0 && st.st_size == res.bytes, "size %ld said, %ld on disk",
          res.bytes, (long)st.st_size);
    check_decoded(res.message, 30, 15);

    /* a second one in the same second gets its own name */
    struct recorder_result again = record(dir, NULL, 3, 20);
    CHECK(again.ok && strcmp(again.message, res.message) != 0, "second: %s", again.message);
    CHECK(entries(dir) == 2, "%d files after two recordings", entries(dir));

    /* a named file is replaced */
    char named[256];
    snprintf(named, sizeof named, "%s/named.gif", dir);
    FILE *f = fopen(named, "w");
    fputs("old", f);
    fclose(f);
    res = record(NULL, named, 5, 20);
    CHECK(res.ok && strcmp(res.message, named) == 0, "named: %s", res.message);
    check_decoded(named, 5, 20);
    CHECK(entries(dir) == 3, "%d files after the named one", entries(dir));

    /* a missing directory: refused at once, with the reason, nothing made */
    char missing[256], err[512];
    snprintf(missing, sizeof missing, "%s/gone", dir);
    struct recorder *r = recorder_create(&(struct recorder_desc){ .width = W, .height = H,
                                                                  .dir = missing },
                                         err, sizeof err);
    CHECK(r == NULL, "recording into a missing directory started");
    CHECK(strstr(err, "No such file or directory") && strstr(err, missing), "said: %s", err);
    CHECK(entries(dir) == 3, "%d files after the refusal", entries(dir));

    /* the directory removed while recording: fails when it is saved, leaves nothing */
    CHECK(mkdir(missing, 0700) == 0, "mkdir: %s", strerror(errno));
    r = recorder_create(&(struct recorder_desc){ .width = W, .height = H, .dir = missing,
                                                 .wait = true }, err, sizeof err);
    CHECK(r != NULL, "recorder_create: %s", err);
    for (int t = 0; r && t < 4; t++) {
        int pitch;
        unsigned char *p = recorder_frame(r, t, &pitch);
        if (p) {
            draw(p, pitch, t);
            recorder_commit(r);
        }
        if (t == 1) {   /* what is in it is the temporary file */
            DIR *d = opendir(missing);
            for (struct dirent *e; d && (e = readdir(d));) {
                char p2[600];
                snprintf(p2, sizeof p2, "%s/%s", missing, e->d_name);
                if (e->d_name[0] != '.' || strlen(e->d_name) > 2)
                    unlink(p2);
            }
            if (d)
                closedir(d);
            CHECK(rmdir(missing) == 0, "rmdir: %s", strerror(errno));
        }
    }
    recorder_destroy(r, &res);
    CHECK(!res.ok && strstr(res.message, "No such file or directory"), "said: %s", res.message);
    CHECK(access(missing, F_OK) != 0, "the directory came back");
    CHECK(entries(dir) == 3, "%d files after the failure", entries(dir));

    /* A queue of one that never waits: a frame asked for while the one before is still
     * queued is dropped, and the delays still add up to the time (the frame before shows
     * longer). The encoder is held off by filling a slot and not committing it. */
    r = recorder_create(&(struct recorder_desc){ .width = W, .height = H, .dir = dir, .fps = 20,
                                                 .queue = 1 }, err, sizeof err);
    int pitch;
    unsigned char *p = recorder_frame(r, 0, &pitch);
    CHECK(p != NULL, "the first frame was refused");
    draw(p, pitch, 0);
    CHECK(recorder_frame(r, 1, &pitch) == NULL, "a second buffer from a queue of one");
    recorder_commit(r);
    recorder_destroy(r, &res);
    CHECK(res.ok && res.frames == 1 && res.dropped == 1, "%s: %ld frames, %ld dropped",
          res.message, res.frames, res.dropped);

    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK(system(cmd) == 0, "cannot remove %s", dir);
    return check_result("recorder");
}
