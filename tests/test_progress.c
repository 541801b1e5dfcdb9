/* The progress line: a phase that is shown ends on its full count and a newline before the
 * next begins; a phase that ends before its quiet time prints nothing; train_steps counts
 * every step however long the run, including a diverged one. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "progress.h"
#include "train.h"
#include "trainer.h"

static const char *contents(FILE *fp, char *buf, size_t len)
{
    fflush(fp);
    rewind(fp);
    size_t got = fread(buf, 1, len - 1, fp);
    buf[got] = '\0';
    return buf;
}

int main(void)
{
    char out[4096];
    FILE *fp = tmpfile();
    CHECK(fp != NULL, "tmpfile");
    if (!fp)
        return check_result("test_progress");

    /* shown at once, then a quiet phase that never lasts long enough, then a shown one */
    const struct progress_phase first = { .label = "training", .total = 7, .unit = "steps" };
    const struct progress_phase quiet = { .label = "measuring", .total = 10, .unit = "samples",
                                          .quiet_seconds = 1e9 };
    const struct progress_phase last = { .label = "analysing", .total = 3 };
    struct progress *p = progress_create(fp, &first);
    CHECK(p != NULL, "progress_create");
    for (int k = 0; k < 7; k++)
        progress_add(p, 1);
    progress_next(p, &quiet);
    progress_add(p, 10);
    progress_next(p, &last);
    progress_add(p, 3);
    progress_destroy(p);
    contents(fp, out, sizeof out);
    CHECK(strstr(out, "training 100%  7/7 steps") != NULL, "no final training line: %s", out);
    CHECK(strstr(out, "measuring") == NULL, "a quiet phase that ended early was drawn: %s", out);
    CHECK(strstr(out, "analysing 100%") != NULL, "no final analysing line: %s", out);
    const char *nl = strchr(out, '\n'), *an = strstr(out, "analysing");
    CHECK(nl && an && nl < an, "the training line was not ended before the next: %s", out);
    CHECK(out[strlen(out) - 1] == '\n', "the last line is not ended");
    CHECK(progress_create(NULL, &first) == NULL, "no stream: no progress");
    progress_add(NULL, 1); /* every function takes NULL */
    progress_next(NULL, &last);
    progress_destroy(NULL);

    /* train_steps: a large model counts step by step, a small one in blocks; both end at the
     * steps asked, weighted; a diverging run still ends at 100% */
    const struct { int n, m, batch; long steps; double lr; } runs[] = {
        { 5, 2, 1024, 1000, 1e-3 }, { 1024, 64, 64, 3, 1e-3 }, { 5, 2, 1024, 300, 1e38 },
    };
    for (size_t r = 0; r < sizeof runs / sizeof runs[0]; r++) {
        struct trainer_desc d = TRAINER_DESC_DEFAULT;
        d.features = runs[r].n, d.hidden = runs[r].m, d.batch = runs[r].batch, d.lr = runs[r].lr;
        struct trainer *t = trainer_create(&d);
        FILE *f = tmpfile();
        const struct progress_phase ph = { .label = "steps", .total = runs[r].steps * 3 };
        struct progress *q = progress_create(f, &ph);
        long done = train_steps(t, runs[r].steps, q, 3);
        progress_destroy(q);
        contents(f, out, sizeof out);
        CHECK(strstr(out, "steps 100%") != NULL, "run %zu: %ld of %ld steps, line: %s", r, done,
              runs[r].steps, out);
        CHECK(runs[r].lr > 1 ? done < runs[r].steps : done == runs[r].steps,
              "run %zu: %ld steps taken", r, done);
        fclose(f);
        trainer_destroy(t);
    }
    fclose(fp);
    return check_result("test_progress");
}
