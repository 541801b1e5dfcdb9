/* trainer_bytes, the estimate `train --instances` plans its memory with, against what malloc
 * really hands out (glibc's mallinfo2: bytes in use plus mmapped blocks), measured at the
 * peak, while the loss is being evaluated. It must never be below it, nor wasteful. */
#include <malloc.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "featsets.h"
#include "trainer.h"

static size_t in_use(void)
{
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

struct peak {
    size_t base, most;
};

static void sample(void *ctx, int samples)
{
    (void)samples;
    struct peak *p = ctx;
    size_t now = in_use() - p->base;
    if (now > p->most)
        p->most = now;
}

static void check(struct trainer_desc d, const char *what)
{
    struct peak p = { .base = in_use() };
    struct trainer *t = trainer_create(&d);
    CHECK(t != NULL, "%s: trainer_create", what);
    if (!t)
        return;
    for (int s = 0; s < 5; s++)
        trainer_step(t);
    sample(&p, 0);
    trainer_report_loss_counted(t, sample, &p);
    trainer_destroy(t);
    const size_t est = trainer_bytes(&d);
    printf("%-44s estimate %10zu bytes, measured peak %10zu (%.2fx)\n", what, est, p.most,
           (double)est / (double)p.most);
    CHECK(est >= p.most, "%s: estimate %zu below the measured %zu", what, est, p.most);
    CHECK(est <= 2 * p.most + 131072, "%s: estimate %zu more than twice the measured %zu", what,
          est, p.most);
}

int main(void)
{
    /* a sanitizer's allocator replaces glibc's, and mallinfo2 then sees nothing */
    size_t before = in_use();
    char *volatile probe = malloc(1 << 20); /* volatile: kept, not optimised away */
    const bool seen = in_use() >= before + (1 << 20);
    free(probe);
    if (!seen) {
        printf("mallinfo2 does not see malloc here (a sanitizer's allocator): skipped\n");
        return 77;
    }
    struct trainer_desc d = TRAINER_DESC_DEFAULT;
    check(d, "defaults (n 5, m 2, density 0.02)");
    d.density = 1.0;
    check(d, "n 5, m 2, density 1");
    d = TRAINER_DESC_DEFAULT;
    d.features = 100, d.hidden = 20, d.density = 0.05;
    check(d, "n 100, m 20, density 0.05");
    d.features = 512, d.hidden = 1, d.density = 1.0, d.batch = 2048;
    check(d, "n 512, m 1, density 1, batch 2048");
    d.features = 4096, d.hidden = 2, d.density = 0.02, d.batch = 4096;
    check(d, "n 4096, m 2, density 0.02, batch 4096");
    d.features = 1024, d.hidden = 32, d.density = 0.1, d.batch = 256; /* evaluated in 4096s */
    check(d, "n 1024, m 32, density 0.1, batch 256");
    d = TRAINER_DESC_DEFAULT;
    d.features = 40, d.density = 0.3;
    char err[128];
    CHECK(featsets_parse(&d.sets, FEATSETS_CORRELATED, "0-3,4-7", err, sizeof err) &&
              featsets_parse(&d.sets, FEATSETS_ANTICORRELATED, "8-19", err, sizeof err),
          "sets: %s", err);
    check(d, "n 40, correlated and anticorrelated sets");
    return check_result("test_memory");
}
