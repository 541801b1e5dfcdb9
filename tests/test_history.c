/* The timeline's history: however long a run, it keeps at most its count and byte bounds,
 * spans the run evenly from its first step to within one spacing of the newest, keeps the
 * weights pushed at each step it keeps, and a track copied incrementally equals one copied
 * whole. Runs are pushed step by step as the training thread does (history_wants gates it). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "history.h"

#define N_MAX 8
#define M 2

/* What the model "was" at a step, exactly representable in float for steps below 2^22. */
static void model_at(long step, int n, float *W, float *b, double *dims)
{
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < M; k++)
            W[i * M + k] = (float)step * 0.5f + (float)(i * M + k);
        b[i] = -(float)step;
        dims[i] = (double)((step + i) % 7) / 8.0;
    }
}

static void push(struct history *h, long step, int n)
{
    float W[N_MAX * M], b[N_MAX];
    double dims[N_MAX];
    if (!history_wants(h, step))
        return;
    model_at(step, n, W, b, dims);
    struct history_meta meta = { .step = step, .loss = (float)(1.0 / (1.0 + step)),
                                 .density = 0.05f, .act = 0 };
    history_push(h, &meta, W, b, dims);
}

/* The snapshots lie on consecutive multiples of the spacing from `first` (the first multiple
 * at or after the run's start) to the newest multiple at or before `last`. */
static void check_even(const struct history *h, long start, long last, const char *what)
{
    int count = history_count(h);
    long every = history_every(h);
    CHECK(count >= 2, "%s: %d snapshots", what, count);
    if (count < 2)
        return;
    long first = (start + every - 1) / every * every;
    CHECK(history_meta(h, 0)->step == first, "%s: first snapshot at %ld, not %ld (every %ld)",
          what, history_meta(h, 0)->step, first, every);
    for (int k = 1; k < count; k++)
        if (history_meta(h, k)->step - history_meta(h, k - 1)->step != every) {
            CHECK(false, "%s: snapshots %d and %d at %ld and %ld, spacing %ld", what, k - 1, k,
                  history_meta(h, k - 1)->step, history_meta(h, k)->step, every);
            break;
        }
    long newest = history_meta(h, count - 1)->step;
    CHECK(newest <= last && newest > last - every, "%s: newest %ld, last pushed %ld, every %ld",
          what, newest, last, every);
}

/* A long run at the defaults' size: never more than 4096 snapshots, spread evenly, and the
 * weights kept are those pushed at each step kept. */
static void long_run(void)
{
    struct history *h = history_create(&(struct history_desc){ .features = N_MAX, .hidden = M });
    CHECK(h != NULL, "history_create");
    if (!h)
        return;
    CHECK(history_reset(h, 5), "reset to n = 5");
    CHECK(!history_reset(h, N_MAX + 1) && history_features(h) == 5, "n past the capacity");
    CHECK(history_capacity(h) == HISTORY_MAX_SNAPSHOTS, "capacity %d at n = 5",
          history_capacity(h));
    int most = 0, thinned = 0;
    long prev_every = 1;
    const long last = 1000000;
    for (long step = 0; step <= last; step++) {
        push(h, step, 5);
        most = history_count(h) > most ? history_count(h) : most;
        if (history_every(h) != prev_every) {
            thinned++;
            prev_every = history_every(h);
            /* the step that made it thin is the newest */
            CHECK(history_meta(h, history_count(h) - 1)->step == step, "after thinning at %ld "
                  "the newest is %ld", step, history_meta(h, history_count(h) - 1)->step);
            CHECK(history_count(h) == HISTORY_MAX_SNAPSHOTS / 2 + 1, "after thinning %d kept",
                  history_count(h));
        }
    }
    CHECK(most <= HISTORY_MAX_SNAPSHOTS, "%d snapshots at most", most);
    /* 10^6 steps in 4096 snapshots: spacing 256, 3907 snapshots, eight thinnings */
    CHECK(history_every(h) == 256 && thinned == 8, "every %ld after %d thinnings",
          history_every(h), thinned);
    check_even(h, 0, last, "10^6 steps");
    float W[N_MAX * M], b[N_MAX], Wx[N_MAX * M], bx[N_MAX];
    double dims[N_MAX];
    for (int k = 0; k < history_count(h); k += 97) {
        long step = history_meta(h, k)->step;
        model_at(step, 5, Wx, bx, dims);
        history_weights(h, k, W, b);
        CHECK(memcmp(W, Wx, sizeof(float) * 5 * M) == 0 && memcmp(b, bx, sizeof(float) * 5) == 0,
              "snapshot %d (step %ld): not the weights pushed then", k, step);
        for (int i = 0; i < 5; i++)
            CHECK(history_dims(h, k)[i] == (float)dims[i], "snapshot %d D_%d", k, i);
        CHECK(history_meta(h, k)->loss == (float)(1.0 / (1.0 + step)), "snapshot %d loss", k);
    }
    /* find: the newest at or before */
    CHECK(history_find(h, 0) == 0 && history_find(h, 255) == 0 && history_find(h, 256) == 1 &&
          history_find(h, last) == history_count(h) - 1 && history_find(h, -5) == 0,
          "find %d %d %d %d", history_find(h, 0), history_find(h, 255), history_find(h, 256),
          history_find(h, last));
    /* a new run starts empty, spacing 1 */
    CHECK(history_reset(h, 3) && history_count(h) == 0 && history_every(h) == 1 &&
          history_find(h, 10) == -1, "reset");
    history_destroy(h);
}

/* A run that starts mid-way (the feature count changed at step 12345) with a small ring. */
static void late_start(void)
{
    struct history *h = history_create(&(struct history_desc){ .features = N_MAX, .hidden = M,
                                                              .max_snapshots = 10 });
    CHECK(h != NULL, "history_create");
    if (!h)
        return;
    history_reset(h, 4);
    const long start = 12345, last = start + 5000;
    for (long step = start; step <= last; step++) {
        push(h, step, 4);
        if (history_count(h) > 10)
            CHECK(false, "%d snapshots at step %ld", history_count(h), step);
    }
    check_even(h, start, last, "late start");
    /* once thinned, a full ring halves: never fewer than half of it */
    CHECK(history_count(h) >= 5 && history_every(h) > 1, "every %ld, %d snapshots",
          history_every(h), history_count(h));
    history_destroy(h);
}

/* The byte bound at the window's largest model: the count falls, never the bytes rise. */
static void byte_bound(void)
{
    const int n = 512, m = 64;
    struct history *h = history_create(&(struct history_desc){ .features = n, .hidden = m });
    CHECK(h != NULL, "history_create 512 x 64");
    if (!h)
        return;
    size_t slot = (size_t)n * (m + 2) * sizeof(float);
    int cap = history_capacity(h);
    CHECK(cap >= 2 && cap % 2 == 0 && (size_t)cap * slot <= HISTORY_BYTES, "capacity %d, %zu "
          "bytes", cap, (size_t)cap * slot);
    CHECK((size_t)(cap + 2) * slot > HISTORY_BYTES, "capacity %d wastes the budget", cap);
    float *W = calloc((size_t)n * m, sizeof *W), *b = calloc((size_t)n, sizeof *b);
    double *dims = calloc((size_t)n, sizeof *dims);
    for (long step = 0; W && b && dims && step <= 20000; step++)
        if (history_wants(h, step)) {
            W[0] = (float)step;
            history_push(h, &(struct history_meta){ .step = step }, W, b, dims);
        }
    CHECK(history_count(h) <= cap && history_count(h) > cap / 2, "%d of %d", history_count(h),
          cap);
    check_even(h, 0, 20000, "512 x 64");
    float *out = calloc((size_t)n * m, sizeof *out), *ob = calloc((size_t)n, sizeof *ob);
    if (out && ob && history_count(h) > 0) {
        int k = history_count(h) - 1;
        history_weights(h, k, out, ob);
        CHECK(out[0] == (float)history_meta(h, k)->step, "newest W[0] %g", out[0]);
    }
    free(out);
    free(ob);
    free(W);
    free(b);
    free(dims);
    history_destroy(h);
    /* a model larger than the budget still keeps two snapshots */
    h = history_create(&(struct history_desc){ .features = 4096, .hidden = 256 });
    CHECK(h && history_capacity(h) == 2, "4096 x 256: capacity %d", h ? history_capacity(h) : -1);
    history_destroy(h);
}

static bool tracks_equal(const struct history_track *t, const struct history *h)
{
    if (t->count != history_count(h) || t->n != history_features(h) ||
        t->every != history_every(h))
        return false;
    for (int k = 0; k < t->count; k++)
        if (memcmp(&t->meta[k], history_meta(h, k), sizeof t->meta[k]) != 0 ||
            memcmp(&t->dims[(size_t)k * t->n], history_dims(h, k), sizeof(float) * t->n) != 0)
            return false;
    return true;
}

/* A track synced now and then (through thinnings and a reset) equals the history. */
static void track(void)
{
    const struct history_desc d = { .features = N_MAX, .hidden = M, .max_snapshots = 64 };
    struct history *h = history_create(&d);
    struct history_track t;
    CHECK(h && history_track_init(&t, &d), "create");
    if (!h)
        return;
    history_reset(h, 6);
    CHECK(history_track_sync(&t, h) && t.count == 0, "first sync");
    CHECK(!history_track_sync(&t, h), "a sync with nothing new reports a change");
    int syncs = 0, equal = 0;
    for (long step = 0; step < 3000; step++) {
        push(h, step, 6);
        if (step % 37 == 0) {
            syncs++;
            history_track_sync(&t, h);
            equal += tracks_equal(&t, h);
        }
        if (step == 2000) {
            history_reset(h, 8);   /* a new run, more features */
            CHECK(history_track_sync(&t, h) && t.count == 0 && t.n == 8, "sync after reset");
        }
    }
    CHECK(equal == syncs, "track equal after %d of %d syncs", equal, syncs);
    history_track_sync(&t, h);
    CHECK(tracks_equal(&t, h), "final track");
    CHECK(history_track_find(&t, t.meta[3].step + 1) == 3, "track find");
    history_track_clear(&t);
    CHECK(t.count == 0 && history_track_sync(&t, h) && tracks_equal(&t, h), "after clear");
    history_track_finish(&t);
    history_destroy(h);
}

static void count_found(void *ctx, int k)
{
    int *found = ctx;
    found[found[0]++ + 1] = k;
}

struct all_found {
    int count;
    int i[64], k[64];
};

static void collect_all(void *ctx, int i, int k)
{
    struct all_found *a = ctx;
    if (a->count < 64) {
        a->i[a->count] = i;
        a->k[a->count++] = k;
    }
}

/* A jump is a change of D_i by HISTORY_JUMP or more within the window, marked once per window;
 * a drift slower than that is none. Snapshots every 10 steps, window 50. */
static void jumps(void)
{
    const struct history_desc d = { .features = 3, .hidden = M };
    struct history *h = history_create(&d);
    struct history_track t;
    CHECK(h && history_track_init(&t, &d), "create");
    if (!h)
        return;
    history_reset(h, 3);
    for (long step = 0; step <= 1000; step += 10) {
        /* 0: from 1/2 to 2/5 at once at step 300; 1: drifting up 0.005 per 10 steps (0.025
         * a window); 2: dropping from 0.4 to 0 over 40 steps from step 600 */
        double dims[3] = { step < 300 ? 0.5 : 0.4, 0.1 + 0.0005 * step,
                           step < 600 ? 0.4 : step >= 640 ? 0 : 0.4 - 0.01 * (step - 600) };
        float W[3 * M] = { 0 }, b[3] = { 0 };
        history_push(h, &(struct history_meta){ .step = step }, W, b, dims);
    }
    history_track_sync(&t, h);
    CHECK(t.count == 101, "%d snapshots", t.count);
    int found[3][16] = { { 0 } };   /* [0]: how many, then the snapshots */
    for (int i = 0; i < 3; i++)
        history_track_jumps(&t, i, 50, count_found, found[i]);
    CHECK(found[0][0] == 1 && t.meta[found[0][1]].step == 300, "1/2 to 2/5: %d jumps, first at "
          "%ld", found[0][0], found[0][0] ? t.meta[found[0][1]].step : -1);
    CHECK(found[1][0] == 0, "a drift of 0.025 a window: %d jumps", found[1][0]);
    /* 0.4 to 0 over 40 steps: marked where the change within 50 steps first reaches 0.08
     * (step 610), then not again within the window */
    CHECK(found[2][0] >= 1 && found[2][0] <= 2 && t.meta[found[2][1]].step == 610,
          "dropped: %d jumps, first at %ld", found[2][0],
          found[2][0] ? t.meta[found[2][1]].step : -1);
    /* a window shorter than the spacing compares neighbours: the drift is still none */
    CHECK(history_track_jumps(&t, 1, 1, NULL, NULL) == 0 &&
          history_track_jumps(&t, 0, 1, NULL, NULL) == 1, "window 1");
    /* all features in one pass: the same jumps, in time order */
    for (long window = 1; window <= 100; window += 49) {
        struct all_found all = { 0 };
        long total = history_track_jumps_all(&t, window, collect_all, &all);
        long per = 0;
        for (int i = 0; i < 3; i++) {
            int one[2 + 101] = { 0 };
            per += history_track_jumps(&t, i, window, count_found, one);
            int q = 0;
            for (int e = 0; e < all.count; e++)
                if (all.i[e] == i)
                    CHECK(q < one[0] && all.k[e] == one[1 + q++], "window %ld feature %d: jump "
                          "%d at snapshot %d", window, i, q, all.k[e]);
            CHECK(q == one[0], "window %ld feature %d: %d jumps in one pass, %d alone", window, i,
                  q, one[0]);
        }
        for (int e = 1; e < all.count; e++)
            CHECK(all.k[e] >= all.k[e - 1], "window %ld: jumps out of time order", window);
        CHECK(total == per && total == all.count && total > 0, "window %ld: %ld jumps in one "
              "pass, %ld feature by feature", window, total, per);
    }
    history_track_finish(&t);
    history_destroy(h);
}

int main(void)
{
    long_run();
    late_start();
    byte_bound();
    track();
    jumps();
    return check_result("history");
}
