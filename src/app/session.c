#include "session.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geom3d.h"
#include "janitor.h"
#include "model_neurons.h"
#include "trace.h"

#define TRAIL_LENGTH 32
#define TRAIL_PERIOD 0.05   /* seconds between trail samples: 1.6 s of history */
/* The 3D view (m >= 3): it turns by itself this fast (radians per second) once the user has
 * left it alone this long; m > 3 re-computes the principal directions this often (Jacobi is
 * O(m^3), and the directions move slowly). */
#define AUTO_ROTATE 0.25
#define AUTO_ROTATE_AFTER 3.0
#define DIRS_PERIOD 0.5
#define PHASE_THREADS_MAX 8

_Static_assert(WORKER_MAX_MODELS <= VIEW_MAX_COMPANIONS, "a view shows every companion");

static void note(struct session *s, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void note(struct session *s, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->note.text, sizeof s->note.text, fmt, ap);
    va_end(ap);
    s->note.error = error;
    s->note.serial++;
}

/* The seed the focused model runs on now (R changes it): the companions start from it. */
static uint64_t current_seed(const struct session *s)
{
    return s->seed;
}

/* A snapshot published after the newest seed asked for says the seed the model runs on (a
 * divergence moves it on, B adopts another's); before that, and a new worker's placeholder,
 * say nothing the session does not know. */
static void follow_seed(struct session *s)
{
    const struct worker_snapshot *sn = &s->snap;
    if (sn->serial && (int)(sn->applied - s->seed_request) >= 0)
        s->seed = sn->seed;
}

/* The command line's model with m and the seed of now: what every model the window starts
 * trains. */
static struct trainer_desc desc_now(const struct session *s, int m, uint64_t seed)
{
    struct trainer_desc d = s->desc;
    d.hidden = m;
    d.seed = seed;
    return d;
}

static bool session_companions_start(struct session *s, enum view_trains kind)
{
    const struct trainer_desc d = desc_now(s, s->controls.settings.hidden, current_seed(s));
    return companions_start(&s->companions, kind, &d, &s->controls.settings, s->capacity);
}

/* The sliders' settings as the focused model's worker gets them: held or not. */
static struct worker_settings worker_settings_now(const struct session *s)
{
    struct worker_settings w = s->controls.settings;
    w.held = s->held;
    return w;
}

/* What the SAE's thread is asked to do: the SAE keys' and sliders' settings, the model's
 * speed, and a pause while another view shows. */
static struct saelive_settings sae_settings_now(const struct session *s)
{
    struct saelive_settings x = s->controls.sae;
    x.speed = s->controls.settings.speed;
    x.paused = views_row(s->controls.view)->trains != VIEW_TRAINS_SAE;
    return x;
}

/* The SAE's thread starts on its view's first showing, seeded as `superpose sae` seeds the
 * SAE of this model; it pauses whenever another view shows. */
static bool sae_run(struct session *s, bool run)
{
    struct saelive_settings x = sae_settings_now(s);
    if (s->sae.live || !run) {
        saeview_set(&s->sae, &x);
        return true;
    }
    s->sae_seed = current_seed(s) ^ SAE_SEED_SALT;
    return saeview_start(&s->sae, &x, s->sae_seed,
                         SETTINGS_LATENTS_PER_FEATURE * s->capacity, s->capacity);
}

/* The seeds view's models, from this seed on (seedsview_run). */
static bool seeds_run(struct session *s, bool run, bool restart, uint64_t seed)
{
    const struct trainer_desc d = desc_now(s, s->controls.settings.hidden, seed);
    return seedsview_run(&s->seeds, run, restart, &d, &s->controls.settings, s->capacity,
                         s->controls.seeds);
}

/* A trace line for what the timeline shows now. */
static void trace_replay(const struct session *s)
{
    char line[96];
    replay_describe(&s->replay, s->snap.step, line, sizeof line);
    trace_printf(s->trace, "%s", line);
}

static void timeline(struct session *s, enum replay_move move)
{
    if (replay_move(&s->replay, s->worker, move))
        trace_replay(s);
}

void session_scrub(struct session *s, double position)
{
    long s0, s1;
    replay_span(&s->replay, s->snap.step, &s0, &s1);
    if (s->controls.view != VIEW_MAIN)
        session_show(s, VIEW_MAIN);
    if (position >= 1 ? replay_move(&s->replay, s->worker, REPLAY_LIVE)
                      : replay_seek(&s->replay, s->worker,
                                    s0 + lround(fmax(position, 0) * (double)(s1 - s0))))
        trace_replay(s);
}

bool session_replaying(const struct session *s, long *step)
{
    if (step)
        *step = s->replay.on ? s->replay.shown.meta.step : s->snap.step;
    return s->replay.on;
}

/* The dimensionality experiment on the sliders' model (n, m, decay, lr, activation) from the
 * current seed, its threads at batch priority; it pauses whenever another view shows. */
static bool dims_run(struct session *s, bool run)
{
    if (!run) {
        dimview_pause(&s->dims, true);
        return true;
    }
    const struct worker_settings *w = &s->controls.settings;
    struct dimsweep_desc d = { .model = desc_now(s, w->hidden, current_seed(s)),
                               .thread_start = worker_batch_priority };
    d.model.features = w->features;
    d.model.decay = w->decay;
    d.model.lr = w->lr;
    d.model.act = w->act;
    d.model.sets = w->sets;
    d.model.kind = MODEL_TIED;   /* the paper's experiment is the tied model's */
    return dimview_run(&s->dims, &d);
}

void session_show(struct session *s, enum view_id view)
{
    s->controls.view = view;
    if (view != VIEW_MAIN && s->replay.on)
        timeline(s, REPLAY_LIVE);
    const struct view_row *row = views_row(view);
    bool phase = row->trains == VIEW_TRAINS_PHASE, sae = row->trains == VIEW_TRAINS_SAE;
    bool seeds = row->trains == VIEW_TRAINS_SEEDS, dims = row->trains == VIEW_TRAINS_DIMEXP;
    bool own_threads = phase || sae || seeds || dims;
    if (!session_companions_start(s, own_threads ? VIEW_TRAINS_NOTHING : row->trains) ||
        !phaseview_run(&s->phase, phase, PHASE_THREADS_MAX) || !sae_run(s, sae) ||
        !seeds_run(s, seeds, false, current_seed(s)) || !dims_run(s, dims)) {
        note(s, true, "cannot start the models for this view: out of memory");
        s->controls.view = VIEW_MAIN;
        row = views_row(VIEW_MAIN);
        phase = seeds = dims = false;
        phaseview_run(&s->phase, false, 0);
        sae_run(s, false);
        seeds_run(s, false, false, 0);
        dims_run(s, false);
    }
    if (dims)
        trace_printf(s->trace, "view %s models=%d threads=%d n=%d m=%d", row->name,
                     s->dims.desc.count, dimsweep_threads(s->dims.pool), s->dims.desc.model.features,
                     s->dims.desc.model.hidden);
    else if (phase)
        trace_printf(s->trace, "view %s cells=%d threads=%d", row->name,
                     phaseview_cells(&s->phase), phaseview_threads(&s->phase));
    else if (seeds)
        trace_printf(s->trace, "view %s models=%d threads=%d seed=%llu", row->name,
                     s->seeds.count, seedslive_threads(s->seeds.live),
                     (unsigned long long)s->seeds.seed);
    else
        trace_printf(s->trace, "view %s models=%d", row->name, s->companions.count);
}

/* What a view trains could not start or went without memory: back to the main view, as its
 * key would show it (the others paused, the trace told). */
static void fall_back(struct session *s)
{
    note(s, true, "cannot start the models for this view: out of memory");
    session_show(s, VIEW_MAIN);
}

/* A new model with m = settings.hidden from the current seed: a trainer keeps its m, so the
 * worker (and the companion models) start over. */
static void set_hidden(struct session *s)
{
    int m = s->controls.settings.hidden;
    struct trainer_desc d = desc_now(s, m, current_seed(s));
    struct worker_snapshot snap = { 0 };
    double *dirs = calloc((size_t)3 * (size_t)m, sizeof *dirs);
    struct worker *w = NULL;
    struct replay replay = { 0 };
    const struct worker_settings out = worker_settings_now(s);
    if (!dirs || !worker_snapshot_init(&snap, s->capacity, m) ||
        !replay_init(&replay, s->capacity, m) ||
        !(w = worker_create_lazy(&d, &out, s->capacity))) {
        replay_finish(&replay);
        worker_snapshot_finish(&snap);
        free(dirs);
        s->controls.settings.hidden = s->snap.m;
        note(s, true, "cannot start a model with m = %d: out of memory", m);
        return;
    }
    enum view_trains kind = s->companions.kind;
    companions_stop(&s->companions);
    worker_halt(s->worker);
    janitor_defer(s->janitor, worker_destroy_any, s->worker);
    s->worker = w;
    worker_snapshot_finish(&s->snap);
    s->snap = snap;
    if (s->replay.on)
        trace_printf(s->trace, "live step=0");
    replay_finish(&s->replay);
    s->replay = replay;
    free(s->dirs);
    s->dirs = dirs;
    s->dirs_t = -1;
    s->run = ~0u;   /* the new worker counts from 0: clear the trails and the loss curve */
    s->seed_request = 0;   /* and its requests from 0; it runs on the current seed */
    s->worker_failed = false;
    if (!session_companions_start(s, kind) ||
        !seeds_run(s, views_row(s->controls.view)->trains == VIEW_TRAINS_SEEDS, true, d.seed))
        fall_back(s);
    note(s, false, "m = %d hidden dimensions: new model from seed %llu%s", m,
         (unsigned long long)d.seed, m == 3 ? " (drag to turn)" : "");
    trace_printf(s->trace, "hidden m=%d seed=%llu", m, (unsigned long long)d.seed);
}

static void settings_changed(struct session *s)
{
    const struct worker_settings *now = &s->controls.settings;
    const struct worker_settings out = worker_settings_now(s);
    worker_set(s->worker, &out);
    if (s->companions.worker)
        worker_set(s->companions.worker, now);
    seeds_run(s, s->controls.view == VIEW_SEEDS, false, current_seed(s));
    if (now->act != s->applied.act)
        note(s, false, "%s",
             now->act == MODEL_LINEAR
                 ? "L: linear model, x' = W^T W x + b (no ReLU: it learns to keep the top m)"
                 : "L: ReLU model, x' = ReLU(W^T W x + b)");
    static const char *const kind_words[MODEL_KIND_COUNT] = {
        [MODEL_TIED] = "O: tied model, x' = ReLU(W^T W x + b) (no neurons: Y says so)",
        [MODEL_HIDDEN_RELU] = "O: hidden ReLU, h = ReLU(W^T x), x' = ReLU(W h + b): Y shows "
                              "its neurons",
        [MODEL_ABS] = "O: abs, y' = ReLU(W2 ReLU(W1 x) + b) learns |x| of signed features: Y "
                      "shows its neurons",
    };
    if (now->kind != s->applied.kind)
        note(s, false, "%s", kind_words[now->kind]);
    char cap[256];
    if (featsets_cap_note(&now->sets, now->density, cap, sizeof cap) &&
        !featsets_cap_note(&s->applied.sets, s->applied.density, NULL, 0))
        note(s, true, "%s", cap);
    struct featsets before = s->applied.sets;
    s->applied = *now;
    trace_settings(s->trace, &s->controls.settings);
    trace_sets(s->trace, &before, &s->controls.settings.sets);
}

static const char *const sae_kind_words[] = {
    [SAE_RELU] = "T: ReLU SAE, l1 penalty on the latents",
    [SAE_TOPK] = "T: TopK SAE, the K largest pre-activations fire (no l1 term)",
};

/* The SAE's settings to its thread, saying what a key switched. */
static void sae_changed(struct session *s, const struct saelive_settings *before)
{
    const struct saelive_settings *now = &s->controls.sae;
    struct saelive_settings x = sae_settings_now(s);
    saeview_set(&s->sae, &x);
    if (now->kind != before->kind)
        note(s, false, "%s", sae_kind_words[now->kind]);
    else if (now->resample != before->resample)
        note(s, false, "E: resampling of dead latents %s",
             now->resample == SAE_RESAMPLE_SIMPLE ? "on (every 2500 steps)" : "off");
    trace_printf(s->trace, "sae kind=%s l1=%.6g latents=%d topk=%d resample=%s",
                 now->kind == SAE_TOPK ? "topk" : "relu", now->l1, now->latents, now->topk,
                 now->resample == SAE_RESAMPLE_SIMPLE ? "simple" : "none");
}

static void apply(struct session *s, unsigned result, double now,
                  const struct saelive_settings *sae_before)
{
    if (result & CONTROLS_CHANGED) {
        settings_changed(s);
        struct saelive_settings x = sae_settings_now(s);   /* the speed */
        saeview_set(&s->sae, &x);
    }
    if (result & CONTROLS_SAE)
        sae_changed(s, sae_before);
    if (result & CONTROLS_SAE_RESTART) {
        s->sae_seed++;
        saeview_restart(&s->sae, s->sae_seed);
        note(s, false, "N: a new SAE from seed %llu", (unsigned long long)s->sae_seed);
        trace_printf(s->trace, "sae restart seed=%llu", (unsigned long long)s->sae_seed);
    }
    /* A new m before a new seed: a preset asks for both, and the seed is for the new model. */
    if (result & CONTROLS_HIDDEN) {
        set_hidden(s);
        s->applied = s->controls.settings;
        trace_settings(s->trace, &s->controls.settings);
    }
    if (result & CONTROLS_REINIT) {
        uint64_t seed = s->next_seed++;
        s->seed = seed;
        s->seed_request = worker_reinit(s->worker, seed);
        if (s->companions.worker)
            worker_reinit(s->companions.worker, seed);
        if (s->seeds.live)
            seeds_run(s, s->controls.view == VIEW_SEEDS, true, seed);
        if (result & CONTROLS_NOTE)
            note(s, false, "%s; seed %llu", s->controls.message, (unsigned long long)seed);
        else
            note(s, false, "re-initialised with seed %llu", (unsigned long long)seed);
        trace_printf(s->trace, "reinit seed=%llu", (unsigned long long)seed);
    }
    if (result & CONTROLS_ROTATE) {
        s->touched_t = now;
        trace_printf(s->trace, "rotate yaw=%.3f pitch=%.3f", s->controls.yaw, s->controls.pitch);
    }
    if (result & CONTROLS_VIEW)
        session_show(s, s->controls.view);
    if ((result & CONTROLS_SEEDS) && s->seeds.live) {
        seeds_run(s, s->controls.view == VIEW_SEEDS, true, s->seeds.seed);
        trace_printf(s->trace, "seeds models=%d", s->seeds.count);
    }
    if (result & CONTROLS_ADOPT) {
        char msg[256];
        bool ok = seedsview_adopt(&s->seeds, s->worker, s->snap.n, s->snap.m, msg, sizeof msg);
        note(s, !ok, "%s", msg);
        trace_printf(s->trace, "adopt ok=%d %s", ok ? 1 : 0, msg);
    }
    if (result & CONTROLS_TIMELINE)
        timeline(s, s->controls.timeline);
    if (result & CONTROLS_MESSAGE) {
        note(s, true, "%s", s->controls.message);
        trace_printf(s->trace, "message %s", s->controls.message);
    }
    if (result & CONTROLS_NOTE) {
        if (!(result & CONTROLS_REINIT))
            note(s, false, "%s", s->controls.message);
        trace_printf(s->trace, "note %s", s->controls.message);
    }
    if (result & CONTROLS_SCREENSHOT)
        s->screenshot_pending = true;
    if (result & CONTROLS_QUIT)
        s->quit = true;
    if (result & CONTROLS_RECORD)
        s->record_pending = true;
}

/* Each new m is a new model and threads joined (a tenth of a second and more at n = 512): a
 * held key or a burst of presses makes one a frame, in session_update, as a drag makes one
 * when it ends. */
static unsigned defer_hidden(struct session *s, unsigned result)
{
    if (!(result & CONTROLS_HIDDEN) || (result & CONTROLS_REINIT))
        return result;
    s->hidden_pending = true;
    return result & ~(unsigned)(CONTROLS_HIDDEN | CONTROLS_CHANGED);
}

void session_key(struct session *s, SDL_Keycode key, Uint16 mod, double now)
{
    const struct saelive_settings before = s->controls.sae;
    apply(s, defer_hidden(s, controls_key(&s->controls, key, mod)), now, &before);
}

void session_open(struct session *s, enum view_id view, double now)
{
    const struct saelive_settings before = s->controls.sae;
    apply(s, controls_open(&s->controls, view), now, &before);
}

void session_slide(struct session *s, int slider, double position, double now)
{
    const struct saelive_settings before = s->controls.sae;
    unsigned result = controls_set_position(&s->controls, (enum controls_slider)slider, position);
    /* each new m is a new model and a thread joined: one, when the drag ends */
    if ((result & CONTROLS_HIDDEN) && s->controls.drag == slider) {
        s->hidden_pending = true;
        result &= ~(unsigned)(CONTROLS_HIDDEN | CONTROLS_CHANGED);
    }
    apply(s, result, now, &before);
}

void session_turn(struct session *s, double dyaw, double dpitch, double now)
{
    controls_rotate(&s->controls, dyaw, dpitch);
    s->touched_t = now;
}

/* The m a drag or keys asked for, once they are done (always a new model: the last one asked
 * for may not have published a snapshot yet, so the snapshot's m cannot say it is there). */
static void apply_hidden(struct session *s, double now)
{
    if (!s->hidden_pending)
        return;
    s->hidden_pending = false;
    apply(s, CONTROLS_HIDDEN, now, &s->controls.sae);
}

void session_hold(struct session *s, bool turning, double now)
{
    if (!turning)
        apply_hidden(s, now);
    if (turning)
        s->touched_t = now;
    else if (s->turning)
        trace_printf(s->trace, "rotate yaw=%.3f pitch=%.3f", s->controls.yaw, s->controls.pitch);
    s->turning = turning;
}

bool session_turns(const struct session *s)
{
    return (s->controls.view == VIEW_MAIN || s->controls.view == VIEW_SAE) && s->snap.m >= 3;
}

bool session_init(struct session *s, const struct trainer_desc *d,
                  const struct worker_settings *settings, struct trace *trace)
{
    *s = (struct session){ .desc = *d, .trace = trace, .seed = d->seed,
                           .next_seed = d->seed + 1, .applied = *settings, .dirs_t = -1 };
    s->capacity = d->features > CONTROLS_FEATURES_MAX ? d->features : CONTROLS_FEATURES_MAX;
    if (s->capacity < DIMSWEEP_FEATURES)   /* the dimensionality experiment's preset */
        s->capacity = DIMSWEEP_FEATURES;
    controls_init(&s->controls, settings);
    view_loss_clear(&s->loss);
    /* without its thread (NULL) everything is freed at once, as before */
    s->janitor = s->companions.janitor = s->seeds.janitor = s->dims.janitor = janitor_create();
    s->dirs = calloc((size_t)3 * (size_t)d->hidden, sizeof *s->dirs);
    if (!s->dirs || !worker_snapshot_init(&s->snap, s->capacity, d->hidden) ||
        !analysis_init(&s->an, s->capacity) || !replay_init(&s->replay, s->capacity, d->hidden) ||
        !view_trails_init(&s->trails, s->capacity, TRAIL_LENGTH)) {
        fprintf(stderr, "superpose: out of memory\n");
        return false;
    }
    s->worker = worker_create(d, settings, s->capacity);
    if (!s->worker) {
        fprintf(stderr, "superpose: cannot start the training thread\n");
        return false;
    }
    /* m = 3 opens in the 3D view (the main view); past three hidden dimensions that is a
     * projection and the dimensionality view says more, so it opens first. */
    if (d->hidden > 3)
        session_show(s, VIEW_DIMS);
    trace_settings(s->trace, &s->controls.settings);
    trace_sets(s->trace, NULL, &s->controls.settings.sets);
    return true;
}

void session_finish(struct session *s)
{
    saeview_finish(&s->sae);       /* joins its thread: the step in progress stops at once */
    seedsview_finish(&s->seeds);   /* stops its threads; the janitor joins them below */
    dimview_finish(&s->dims);      /* likewise */
    phaseview_finish(&s->phase);   /* joins its threads: at most the cells in progress */
    free(s->dirs);
    companions_stop(&s->companions);
    worker_destroy(s->worker);   /* stops and joins the thread first */
    janitor_destroy(s->janitor);   /* after what it frees is handed over: waits for it */
    view_trails_finish(&s->trails);
    analysis_finish(&s->an);
    replay_finish(&s->replay);
    worker_snapshot_finish(&s->snap);
    *s = (struct session){ 0 };
}

/* The newest snapshot and what is derived from it: analysis, trails, loss, view scale. */
static void update_model(struct session *s, double now, double dt)
{
    bool changed = worker_take(s->worker, &s->snap);
    const struct worker_snapshot *sn = &s->snap;
    follow_seed(s);
    if (!s->worker_failed && worker_failed(s->worker)) {
        s->worker_failed = true;
        note(s, true, "cannot start a model with m = %d: out of memory", sn->m);
    }
    if (sn->run != s->run) {
        s->run = sn->run;
        view_trails_clear(&s->trails);
        view_loss_clear(&s->loss);
        /* the history restarts with the run */
        if (s->replay.on)
            trace_printf(s->trace, "live step=%ld", sn->step);   /* the run restarted */
        replay_clear(&s->replay);
    }
    replay_sync(&s->replay, s->worker);
    if (sn->diverged != s->diverged) {
        s->diverged = sn->diverged;
        note(s, true, "training diverged (loss not finite): re-initialised with seed %llu",
             (unsigned long long)sn->seed);
        trace_printf(s->trace, "diverged seed=%llu", (unsigned long long)sn->seed);
    }
    /* O(n^2 m): only for new weights (a paused model's stay) */
    if (changed || s->an.n != sn->n || s->an.m != sn->m)
        analysis_compute(&s->an, sn->W, sn->n, sn->m);
    if (changed) {
        if (now - s->trail_t >= TRAIL_PERIOD || sn->n != s->trails.n) {
            view_trails_push(&s->trails, sn->W, sn->n, sn->m);
            s->trail_t = now;
        }
        view_loss_push(&s->loss, sn->step, sn->loss_avg);
    }
    double max_norm = 0;
    for (int i = 0; i < sn->n; i++)
        if (isfinite(s->an.norms[i]))
            max_norm = fmax(max_norm, s->an.norms[i]);
    s->view_scale = view_scale_follow(s->view_scale, max_norm, dt);
    if (!companions_take(&s->companions)) {
        companions_stop(&s->companions);
        fall_back(s);
    }
}

/* The 3D view turns slowly by itself while nobody touches it; m > 3 refreshes its principal
 * directions now and then. */
static void update_3d(struct session *s, double now, double dt)
{
    const struct worker_snapshot *sn = &s->snap;
    if (!session_turns(s))
        return;
    if (!s->turning && now - s->touched_t > AUTO_ROTATE_AFTER)
        controls_rotate(&s->controls, AUTO_ROTATE * dt, 0);
    if (sn->m > 3 && s->dirs && (s->dirs_t < 0 || now - s->dirs_t > DIRS_PERIOD))
        s->dirs_t = geom3d_principal(sn->W, sn->n, sn->m, 3, s->dirs, NULL) ? now : -1;
}

/* The phase diagram's newest cells; a trace line at every tenth of the grid. */
static void update_phase(struct session *s)
{
    if (!phaseview_update(&s->phase))
        return;
    int agree, counted;
    phase_diagram_agreement(&s->phase.pd, &agree, &counted);
    trace_printf(s->trace, "phase done=%d of %d seconds=%.1f agree=%d of %d", s->phase.done,
                 phaseview_cells(&s->phase), s->phase.seconds, agree, counted);
}

/* The SAE reads the weights the view shows (while its view shows). */
static void update_sae(struct session *s, double now)
{
    const struct worker_snapshot *sn = &s->snap;
    if (s->sae.live && views_row(s->controls.view)->trains == VIEW_TRAINS_SAE)
        saeview_update(&s->sae, sn->W, sn->n, sn->m, sn->settings.density,
                       sn->settings.sets.count > 0, now);
}

/* While the experiment trains in its view the focused model waits (the readout says "held"),
 * so that the experiment has both cores of a two-core machine to itself: with the focused
 * model stepping beside it at 300 steps/s the figure took 268 s under Xvfb, without 203 s. */
static void hold(struct session *s)
{
    const struct view_dimexp *x = dimview_data(&s->dims);
    const bool held = views_row(s->controls.view)->trains == VIEW_TRAINS_DIMEXP && x &&
                      x->done + s->dims.failed < x->total;
    if (held == s->held)
        return;
    s->held = held;
    const struct worker_settings out = worker_settings_now(s);
    worker_set(s->worker, &out);
    trace_printf(s->trace, "held=%d", held ? 1 : 0);
}

/* The experiment's newest models; a trace line as each arrives. */
static void update_dims(struct session *s)
{
    const int failed = s->dims.failed;
    const int arrived = dimview_update(&s->dims);
    const struct view_dimexp *x = dimview_data(&s->dims);
    if (s->dims.failed > failed)
        note(s, true, "dimensionality experiment: out of memory for %d of the %d models",
             s->dims.failed, x->total);
    if (arrived == 0)
        return;
    trace_printf(s->trace, "dimexp done=%d of %d seconds=%.1f", x->done, x->total, x->seconds);
    if (x->done == x->total)
        note(s, false, "dimensionality experiment: %d models of %ld steps in %.0f s on %d threads",
             x->total, x->steps, x->seconds, x->threads);
}

void session_update(struct session *s, double now, double dt)
{
    if (s->controls.drag < 0)
        apply_hidden(s, now);
    update_model(s, now, dt);
    update_dims(s);
    hold(s);
    update_3d(s, now, dt);
    update_phase(s);
    update_sae(s, now);
    if (seedsview_failed(&s->seeds)) {
        seedsview_finish(&s->seeds);
        fall_back(s);
    }
    if (s->controls.view == VIEW_SEEDS && seedsview_update(&s->seeds))
        trace_printf(s->trace, "seeds step=%ld %s", s->seeds.view.steps, s->seeds.summary);
}

void session_context(const struct session *s, struct view_context *c)
{
    const struct worker_snapshot *sn = &s->snap;
    const struct replay *r = &s->replay;
    *c = (struct view_context){
        .main = { .W = sn->W, .b = sn->b, .n = sn->n, .m = sn->m, .an = &s->an,
                  .loss = sn->loss_avg, .density = sn->settings.density, .act = sn->settings.act,
                  .sets = sn->settings.sets.count ? &sn->settings.sets : NULL,
                  .kind = sn->kind, .W2 = sn->kind == MODEL_ABS ? sn->W2 : NULL },
        .trails = &s->trails,
        .view_scale = s->view_scale,
        .yaw = s->controls.yaw,
        .pitch = s->controls.pitch,
        .dirs = sn->m > 3 && s->dirs_t >= 0 ? s->dirs : NULL,
        .companions = s->companions.models,
        .companion_count = s->companions.worker ? s->companions.count : 0,
        .phase = phaseview_data(&s->phase),
        .phase_done = s->phase.done,
        .sae = saeview_data(&s->sae),
        .seeds = seedsview_data(&s->seeds),
        .dimexp = dimview_data(&s->dims),
    };
    if (r->on) {
        const struct history_meta *mt = &r->shown.meta;
        c->main = (struct view_model){ .W = r->shown.W, .b = r->shown.b, .n = r->shown.n,
                                       .m = r->m, .an = &r->an, .loss = mt->loss,
                                       .density = mt->density,
                                       .act = (enum model_activation)mt->act,
                                       .sets = c->main.sets };
        c->trails = NULL;   /* the tips' recent path is the live model's */
    }
}

void session_limit(struct session *s, long steps)
{
    worker_limit(s->worker, steps);
    if (s->companions.worker)
        worker_limit(s->companions.worker, steps);
}

long session_step(struct session *s)
{
    return worker_step(s->worker);
}
