#include "saecmd.h"

#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "analysis.h"
#include "cli.h"
#include "clock.h"
#include "parallel.h"
#include "progress.h"
#include "train.h"
#include "trainer.h"

/* The SAE's losses are measured on this many fresh samples, as the model's are. */
#define EVAL_SAMPLES TRAINER_REPORT_SAMPLES
#define PROGRESS_EVERY 256

static const char *const kind_keys[] = { [SAE_RELU] = "relu", [SAE_TOPK] = "topk" };
static const char *const resample_keys[] = { [SAE_RESAMPLE_SIMPLE] = "simple",
                                             [SAE_RESAMPLE_NONE] = "none" };

/* The models of --instances, trained in parallel; only the lowest loss so far is kept (ties:
 * the lower seed). */
struct models {
    const struct cli_options *o;
    struct progress *progress;
    pthread_mutex_t lock;   /* everything below */
    struct trainer *best;
    double best_loss;
    int best_k;
    long diverged_at;       /* the first instance's failing step, or -1 */
    bool out_of_memory;
};

static void train_one(void *ctx, int k)
{
    struct models *ms = ctx;
    const long steps = ms->o->steps;
    struct trainer_desc d = ms->o->desc;
    d.seed += (uint64_t)k;
    struct trainer *t = trainer_create(&d);
    long s = 0;
    for (; t && s < steps && trainer_step(t); s++)
        if ((s + 1) % PROGRESS_EVERY == 0)
            progress_add(ms->progress, PROGRESS_EVERY);
    progress_add(ms->progress, steps - s / PROGRESS_EVERY * PROGRESS_EVERY);
    double loss = t && s == steps ? trainer_report_loss(t) : NAN;
    pthread_mutex_lock(&ms->lock);
    ms->out_of_memory |= t == NULL;
    if (t && s < steps && k == 0)
        ms->diverged_at = s;
    if (isfinite(loss) && (!ms->best || loss < ms->best_loss ||
                           (loss == ms->best_loss && k < ms->best_k))) {
        struct trainer *old = ms->best;
        ms->best = t;
        ms->best_loss = loss;
        ms->best_k = k;
        t = old;
    }
    pthread_mutex_unlock(&ms->lock);
    trainer_destroy(t);
}

struct sae *saecmd_train(const struct model *md, double density, const struct sae_desc *d,
                         long steps, struct progress *p, long *failed_at)
{
    struct sae_desc sd = *d;
    sd.inputs = md->m;
    sd.features = md->n;
    *failed_at = -1;
    struct sae *s = sae_create(&sd);
    if (!s)
        return NULL;
    const struct sae_source src = { md->W, md->n, density };
    long t = 0;
    for (; t < steps; t++) {
        if (sae_step(s, &src, NULL) != SAE_STEP_DONE) {
            *failed_at = t;
            break;
        }
        if ((t + 1) % PROGRESS_EVERY == 0)
            progress_add(p, PROGRESS_EVERY);
    }
    progress_add(p, steps - t / PROGRESS_EVERY * PROGRESS_EVERY);
    return s;
}

/* What the SAE learned, for the table and the JSON. */
struct report {
    const struct cli_options *o;
    const struct model *md;
    uint64_t model_seed;
    struct sae *s;
    struct sae_recovery rec;
    struct sae_loss loss;   /* on EVAL_SAMPLES fresh samples */
};

static void print_numbers(const double *v, int count)
{
    putchar('[');
    for (int i = 0; i < count; i++)
        printf("%s%.9g", i ? ", " : "", v[i]);
    putchar(']');
}

static void print_sae_json(void *ctx)
{
    const struct report *rp = ctx;
    const struct sae_desc *d = sae_settings(rp->s);
    const int k = d->latents, m = d->inputs;
    printf(",\n \"sae\": {\"kind\": \"%s\", \"latents\": %d, ", kind_keys[d->kind], k);
    if (d->kind == SAE_TOPK)
        printf("\"l1\": null, \"topk\": %d, ", d->topk);
    else
        printf("\"l1\": %.9g, \"topk\": null, ", d->l1);
    printf("\"steps\": %ld, \"resample\": \"%s\", \"seed\": %" PRIu64 ",\n  \"recovery\": ",
           sae_steps(rp->s), resample_keys[d->resample], d->seed);
    print_numbers(rp->rec.best, rp->rec.n);
    printf(", \"recovery_latent\": [");
    for (int i = 0; i < rp->rec.n; i++)
        printf("%s%d", i ? ", " : "", rp->rec.best_latent[i]);
    printf("],\n  \"represented\": %d, \"mmcs\": %.9g, \"recovered\": %d, \"dead\": %d, "
           "\"resampled\": %ld,\n  \"reconstruction_loss\": %.9g, \"sparsity_loss\": %.9g, "
           "\"l0\": %.9g,\n  \"firing_rate\": ", rp->rec.represented, rp->rec.mmcs,
           rp->rec.recovered, sae_dead_count(rp->s), sae_resample_count(rp->s),
           rp->loss.reconstruction, rp->loss.sparsity, rp->loss.l0);
    print_numbers(sae_firing_rate(rp->s), k);
    printf(",\n  \"W_dec\": [");
    const float *dec = sae_decoder(rp->s);
    for (int j = 0; j < k; j++) {
        printf("%s[", j ? ", " : "");
        for (int c = 0; c < m; c++)
            printf("%s%.9g", c ? ", " : "", dec[(size_t)j * m + c]);
        putchar(']');
    }
    printf("]}");
}

static const char *plural(long count)
{
    return count == 1 ? "" : "s";
}

static void print_table(const struct report *rp, double model_loss, const struct analysis *a)
{
    const struct model *md = rp->md;
    const struct sae_desc *d = sae_settings(rp->s);
    const struct trainer_desc *td = &rp->o->desc;
    printf("model: n = %d, m = %d, density %g, decay %g, %s, %ld steps, seed %" PRIu64
           "\n       loss %.6g, %d of %d features represented (norm > %.1f)\n", md->n, md->m,
           td->density, td->decay, md->act == MODEL_RELU ? "ReLU" : "linear", rp->o->steps,
           rp->model_seed, model_loss, a->represented, md->n,
           ANALYSIS_REPRESENTED_NORM);
    if (d->kind == SAE_TOPK)
        printf("SAE: TopK, K = %d, ", d->topk);
    else
        printf("SAE: ReLU, l1 %g, ", d->l1);
    printf("%d latents, %ld steps, resampling %s: %ld latent%s resampled\n", d->latents,
           sae_steps(rp->s), resample_keys[d->resample], sae_resample_count(rp->s),
           plural(sae_resample_count(rp->s)));
    printf("recovered %d of %d represented features (cosine > %.1f), MMCS %.3f\n%d dead latent%s"
           " (silent for the last %d steps)\n", rp->rec.recovered,
           rp->rec.represented, SAE_RECOVERED_COSINE, rp->rec.mmcs, sae_dead_count(rp->s),
           plural(sae_dead_count(rp->s)), d->resample_window);
    printf("SAE loss on %d fresh samples: reconstruction %.4g, sparsity %.4g, l0 %.3g\n",
           EVAL_SAMPLES, rp->loss.reconstruction, rp->loss.sparsity, rp->loss.l0);
    printf("\nfeature    norm  best cos  latent\n");
    for (int i = 0; i < md->n; i++)
        printf("%7d  %6.3f  %8.3f  %6d%s\n", i, a->norms[i], rp->rec.best[i],
               rp->rec.best_latent[i],
               a->norms[i] > ANALYSIS_REPRESENTED_NORM ? "" : "  (not represented)");
    printf("\nlatent  firing rate  last fired  resampled at\n");
    for (int j = 0; j < d->latents; j++)
        printf("%6d  %11.4f  %10ld  %12ld%s\n", j, sae_firing_rate(rp->s)[j],
               sae_last_fired(rp->s)[j], sae_resampled_at(rp->s)[j],
               sae_latent_dead(rp->s, j) ? "  dead" : "");
}

/* The model: --instances seeds in parallel, the lowest loss kept. */
static struct trainer *train_model(const struct cli_options *o, double *loss, double *seconds,
                                   struct progress *p)
{
    struct models ms = { .o = o, .diverged_at = -1, .progress = p };
    pthread_mutex_init(&ms.lock, NULL);
    double t0 = clock_seconds();
    parallel_for(o->instances, o->threads ? o->threads : parallel_cpu_count(), train_one, &ms);
    *seconds = clock_seconds() - t0;
    pthread_mutex_destroy(&ms.lock);
    if (!ms.best && ms.diverged_at >= 0)
        fprintf(stderr, "superpose: training diverged at step %ld (loss or weights not "
                "finite); try a smaller --lr (now %g)\n", ms.diverged_at, o->desc.lr);
    else if (!ms.best || ms.out_of_memory)
        fprintf(stderr, "superpose: out of memory for %d features x %d hidden, batch %d\n",
                o->desc.features, o->desc.hidden, o->desc.batch);
    if (ms.best && ms.out_of_memory) {
        trainer_destroy(ms.best);
        return NULL;
    }
    *loss = ms.best_loss;
    return ms.best;
}

int saecmd_run(const struct cli_options *o)
{
    const bool show = !o->json && isatty(STDOUT_FILENO) && isatty(STDERR_FILENO);
    double model_loss = NAN, seconds = 0;
    int rc = 1;
    struct analysis a = { 0 };
    struct report rp = { .o = o };
    const struct progress_phase model_phase = {
        .label = "training the model", .total = o->steps * (long)o->instances, .unit = "steps",
        .samples_per_unit = o->desc.batch,
    };
    const struct progress_phase sae_phase = { .label = "training the SAE", .total = o->sae_steps,
                                              .unit = "steps",
                                              .samples_per_unit = SAE_DEFAULT_BATCH };
    struct progress *p = progress_create(show ? stderr : NULL, &model_phase);
    struct trainer *t = train_model(o, &model_loss, &seconds, p);
    if (!t) {
        progress_destroy(p);
        return 1;
    }
    rp.md = trainer_model(t);
    rp.model_seed = trainer_settings(t)->seed;
    struct sae_desc d = o->sae;
    d.seed = rp.model_seed ^ SAE_SEED_SALT;
    progress_next(p, &sae_phase);
    long failed_at;
    rp.s = saecmd_train(rp.md, o->desc.density, &d, o->sae_steps, p, &failed_at);
    progress_destroy(p);
    if (!rp.s || !analysis_init(&a, rp.md->n) ||
        !sae_recovery_init(&rp.rec, rp.md->n, sae_settings(rp.s)->latents)) {
        fprintf(stderr, "superpose: out of memory\n");
        goto done;
    }
    if (failed_at >= 0) {
        fprintf(stderr, "superpose: the SAE's loss stopped being finite at step %ld%s\n",
                failed_at, d.kind == SAE_RELU ? "; try a smaller --l1" : "");
        goto done;
    }
    const struct sae_source src = { rp.md->W, rp.md->n, o->desc.density };
    rp.loss = sae_eval_loss(rp.s, &src, EVAL_SAMPLES, d.seed + 1);
    sae_recovery_compute(&rp.rec, rp.md->W, rp.md->n, rp.md->m, sae_decoder(rp.s),
                         sae_settings(rp.s)->latents);
    analysis_compute(&a, rp.md->W, rp.md->n, rp.md->m);
    if (o->json)
        train_print_json(o, t, model_loss, &a, seconds,
                         (double)o->steps * o->desc.batch * o->instances / seconds,
                         print_sae_json, &rp);
    else
        print_table(&rp, model_loss, &a);
    rc = 0;
done:
    sae_recovery_finish(&rp.rec);
    analysis_finish(&a);
    sae_destroy(rp.s);
    trainer_destroy(t);
    return rc;
}
