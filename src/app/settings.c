#include "settings.h"

#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "model.h"
#include "dimsweep.h"
#include "sae.h"
#include "trainer.h"

/* The sparsity slider's dense end is density 1; its sparse end is this. */
#define DENSITY_WINDOW_LO 0.001
/* The window reaches the paper's feature-dimensionality experiment (n = 400, m = 30) with room
 * to spare; its views thin out their per-feature detail past what a window can hold. */
#define WINDOW_FEATURES_MAX 512
#define WINDOW_HIDDEN_MAX 64
#define LATENTS_MAX (SETTINGS_LATENTS_PER_FEATURE * MODEL_MAX_FEATURES)
#define LATENTS_WINDOW_MAX (SETTINGS_LATENTS_PER_FEATURE * WINDOW_FEATURES_MAX)

const struct settings_row settings_table[SETTINGS_COUNT] = {
    [SETTINGS_FEATURES] = {
        .name = "features", .metavar = "N", .help = "feature count n", .kind = SETTINGS_INT,
        .cli = { 1, MODEL_MAX_FEATURES, false, false },
        .window = { 1, WINDOW_FEATURES_MAX, false, false },
        .step = 1, .fine = 1, .label = "features", .symbol = "n", .format = "n = %1$.0f",
        .def = TRAINER_DEFAULT_FEATURES },
    [SETTINGS_HIDDEN] = {
        .name = "hidden", .metavar = "M", .help = "hidden dimensions m", .kind = SETTINGS_INT,
        .cli = { 1, MODEL_MAX_HIDDEN, false, false },
        .window = { 1, WINDOW_HIDDEN_MAX, false, false }, .step = 1, .label = "hidden dimensions",
        .symbol = "m", .format = "m = %1$.0f", .def = TRAINER_DEFAULT_HIDDEN },
    [SETTINGS_DENSITY] = {
        .name = "density", .metavar = "P", .help = "probability a feature is active",
        .kind = SETTINGS_REAL, .cli = { 0, 1, true, false },
        .window = { DENSITY_WINDOW_LO, 1, false, false }, .log = true, .step = 0.1,
        .fine = 0.02, .label = "sparsity", .symbol = "density 1-S", .complement = "S",
        .format = "S = %2$.4g   density 1-S = %1$.3g", .def = TRAINER_DEFAULT_DENSITY,
        .meaning = "the fraction of active features (1 - sparsity)" },
    [SETTINGS_SPARSITY] = {
        .name = "sparsity", .metavar = "S", .help = "probability a feature is zero, S = 1 - density",
        .kind = SETTINGS_REAL, .cli = { 0, 1, false, true },
        .window = { 0, 1 - DENSITY_WINDOW_LO, false, false }, .def = 1 - TRAINER_DEFAULT_DENSITY,
        .meaning = "the probability a feature is zero (1 - density)" },
    [SETTINGS_DECAY] = {
        .name = "decay", .metavar = "D", .help = "importance of feature i is D^i",
        .kind = SETTINGS_REAL, .cli = { 0, 1, true, false }, .window = { 0.5, 1, false, false },
        .step = 0.05, .fine = 0.01, .label = "importance decay", .symbol = "decay",
        .format = "%1$.3g   (I_i = %1$.3g^i)", .def = TRAINER_DEFAULT_DECAY,
        .meaning = "importance of feature i is decay^i" },
    [SETTINGS_LR] = {
        .name = "lr", .metavar = "L", .help = "AdamW learning rate", .kind = SETTINGS_REAL,
        .cli = { 0, 1, true, false }, .window = { 1e-4, 0.1, false, false }, .log = true,
        .step = 0.25, .fine = 0.05, .label = "learning rate", .symbol = "learning rate",
        .format = "%1$.2g", .def = TRAINER_DEFAULT_LR, .noun = "a finite number" },
    [SETTINGS_BATCH] = {
        .name = "batch", .metavar = "B", .help = "samples per step", .kind = SETTINGS_INT,
        .cli = { 1, 65536, false, false }, .def = TRAINER_DEFAULT_BATCH },
    [SETTINGS_STEPS] = {
        .name = "steps", .metavar = "K", .help = "training steps", .kind = SETTINGS_INT,
        .cli = { 1, 1e9, false, false }, .def = TRAINER_DEFAULT_STEPS },
    [SETTINGS_SEED] = {
        .name = "seed", .metavar = "N", .help = "random seed", .kind = SETTINGS_U64,
        .cli = { 0, (double)UINT64_MAX, false, false }, .def = TRAINER_DEFAULT_SEED },
    [SETTINGS_INSTANCES] = {
        .name = "instances", .metavar = "K",
        .help = "train seeds N..N+K-1, report the lowest loss", .kind = SETTINGS_INT,
        .cli = { 1, 1024, false, false }, .def = 1 },
    [SETTINGS_THREADS] = {
        .name = "threads", .metavar = "T", .help = "threads to train on", .kind = SETTINGS_INT,
        .cli = { 1, 256, false, false }, .def = 0, .def_text = "all cores" },
    /* The defaults' pentagon forms in about 1,500 steps: five seconds to watch it at 300.
     * A key doubles or halves the speed; there is no finer step, since '+' needs Shift. */
    [SETTINGS_SPEED] = {
        .name = "speed", .metavar = "X", .help = "training steps per second",
        .kind = SETTINGS_REAL, .cli = { 1, 1e6, false, false }, .log = true,
        .step = M_LN2 / M_LN10, .fine = 0, .label = "speed", .symbol = "speed",
        .unit = " steps/s", .format = "%1$.0f steps/s", .def = 300,
        .noun = "steps per second", .unlimited = true },
    /* The sparse autoencoder's (sae.h). Its sliders sit below the speed's: no finer step. */
    [SETTINGS_LATENTS] = {
        .name = "latents", .metavar = "K", .help = "SAE latents k, the dictionary's size",
        .kind = SETTINGS_INT, .cli = { 1, LATENTS_MAX, false, false },
        .window = { 1, LATENTS_WINDOW_MAX, false, false },
        .window_top = "4n", .step = 1, .label = "SAE latents", .symbol = "latents k",
        .format = "k = %1$.0f", .def = 0, .def_text = "n",
        .meaning = "at most 4 x the feature count" },
    [SETTINGS_L1] = {
        .name = "l1", .metavar = "C", .help = "the ReLU SAE's sparsity coefficient",
        .kind = SETTINGS_REAL, .cli = { 0, 10, true, false }, .window = { 0.01, 1, false, false },
        .log = true, .step = 0.1, .label = "SAE l1 coefficient", .symbol = "l1",
        .format = "%1$.3g", .def = SAE_DEFAULT_L1 },
    [SETTINGS_TOPK] = {
        .name = "topk", .metavar = "K", .help = "the TopK SAE's K, latents kept per sample",
        .kind = SETTINGS_INT, .cli = { 1, LATENTS_MAX, false, false },
        .window = { 1, LATENTS_WINDOW_MAX, false, false },
        .window_top = "k", .step = 1, .label = "TopK's K", .symbol = "K",
        .format = "K = %1$.0f", .def = SAE_DEFAULT_TOPK, .meaning = "at most the latents" },
    [SETTINGS_SAE_STEPS] = {
        .name = "sae-steps", .metavar = "N", .help = "SAE training steps", .kind = SETTINGS_INT,
        .cli = { 1, 1e9, false, false }, .def = 10000 },
    /* superpose record: the defaults' pentagon forms within 1,500 steps, five seconds at 300
     * steps per second; GIF delays are hundredths of a second, and viewers show 2 as the
     * least, so 50 frames per second is the most. The window is at least 640 x 480. */
    [SETTINGS_SECONDS] = {
        .name = "seconds", .metavar = "S", .help = "the recording's length in seconds",
        .kind = SETTINGS_REAL, .cli = { 0, 600, true, false }, .def = 8 },
    [SETTINGS_FPS] = {
        .name = "fps", .metavar = "F", .help = "the recording's frames per second",
        .kind = SETTINGS_INT, .cli = { 1, 50, false, false }, .def = 20 },
    [SETTINGS_WIDTH] = {
        .name = "width", .metavar = "W", .help = "the recording's width in pixels",
        .kind = SETTINGS_INT, .cli = { 640, 2560, false, false }, .def = 1280 },
    [SETTINGS_HEIGHT] = {
        .name = "height", .metavar = "H", .help = "the recording's height in pixels",
        .kind = SETTINGS_INT, .cli = { 480, 1600, false, false }, .def = 800 },
    /* The seeds view's models, from consecutive seeds (seedslive.h has room for 32). */
    [SETTINGS_SEEDS] = {
        .name = "seeds", .metavar = "K", .help = "models the seeds view trains side by side",
        .kind = SETTINGS_INT, .cli = { 2, 32, false, false }, .step = 1, .label = "seeds",
        .symbol = "models K", .format = "K = %1$.0f models", .def = 8 },
    /* `superpose sweep`: the paper's feature-dimensionality figure spans 1/(1-S) from 1 to 20 */
    [SETTINGS_DENSITIES] = {
        .name = "densities", .metavar = "K", .help = "models, one per density",
        .kind = SETTINGS_INT, .cli = { 1, DIMSWEEP_MAX_MODELS, false, false },
        .def = DIMSWEEP_MODELS },
    [SETTINGS_FROM] = {
        .name = "from", .metavar = "P", .help = "the first model's density",
        .kind = SETTINGS_REAL, .cli = { 0, 1, true, false }, .def = DIMSWEEP_FROM,
        .meaning = "a density (1 - sparsity)" },
    [SETTINGS_TO] = {
        .name = "to", .metavar = "P", .help = "the last model's density (log-spaced between)",
        .kind = SETTINGS_REAL, .cli = { 0, 1, true, false }, .def = DIMSWEEP_TO,
        .meaning = "a density (1 - sparsity)" },
};

int settings_find(const char *name, size_t len)
{
    for (int i = 0; i < SETTINGS_COUNT; i++)
        if (strlen(settings_table[i].name) == len && strncmp(settings_table[i].name, name, len) == 0)
            return i;
    return -1;
}

bool settings_window_narrower(enum settings_id id)
{
    const struct settings_range *w = &settings_table[id].window;
    return w->lo != 0 || w->hi != 0;
}

struct settings_range settings_window(enum settings_id id)
{
    return settings_window_narrower(id) ? settings_table[id].window : settings_table[id].cli;
}

bool settings_in_range(const struct settings_range *r, double v)
{
    if (!isfinite(v))
        return false;
    if (r->lo_open ? v <= r->lo : v < r->lo)
        return false;
    return r->hi_open ? v < r->hi : v <= r->hi;
}

void settings_number(double v, char *buf, size_t len)
{
    snprintf(buf, len, "%.15g", v);
}

/* A range's end: a 64-bit seed's top is not a double, so it is written from UINT64_MAX. */
static void bound(enum settings_id id, double v, char *buf, size_t len)
{
    if (settings_table[id].kind == SETTINGS_U64 && v >= (double)UINT64_MAX)
        snprintf(buf, len, "%" PRIu64, UINT64_MAX);
    else
        settings_number(v, buf, len);
}

void settings_range_text(enum settings_id id, const struct settings_range *r, char *buf,
                         size_t len)
{
    char lo[32], hi[32];
    bound(id, r->lo, lo, sizeof lo);
    bound(id, r->hi, hi, sizeof hi);
    if (r->lo_open || r->hi_open)
        snprintf(buf, len, "in %c%s, %s%c", r->lo_open ? '(' : '[', lo, hi, r->hi_open ? ')' : ']');
    else
        snprintf(buf, len, "from %s to %s", lo, hi);
}

void settings_range_brief(enum settings_id id, const struct settings_range *r, char *buf,
                          size_t len)
{
    char lo[32], hi[32];
    bound(id, r->lo, lo, sizeof lo);
    bound(id, r->hi, hi, sizeof hi);
    if (r->lo_open || r->hi_open)
        snprintf(buf, len, "%c%s, %s%c", r->lo_open ? '(' : '[', lo, hi, r->hi_open ? ')' : ']');
    else
        snprintf(buf, len, "%s..%s", lo, hi);
}

void settings_expected(enum settings_id id, char *buf, size_t len)
{
    const struct settings_row *s = &settings_table[id];
    char range[96];
    settings_range_text(id, &s->cli, range, sizeof range);
    const char *noun = s->noun ? s->noun : s->kind == SETTINGS_REAL ? "a number" : "an integer";
    snprintf(buf, len, "%s %s%s%s%s", noun, range, s->meaning ? ", " : "",
             s->meaning ? s->meaning : "", s->unlimited ? ", or 'max' for unlimited" : "");
}

void settings_slider_range(enum settings_id id, char *buf, size_t len)
{
    const struct settings_row *s = &settings_table[id];
    struct settings_range w = settings_window(id);
    char lo[32], hi[32], extra[96] = "";
    bound(id, w.lo, lo, sizeof lo);
    if (s->window_top)
        snprintf(hi, sizeof hi, "%s", s->window_top);
    else
        bound(id, w.hi, hi, sizeof hi);
    if (s->complement) {
        char clo[32], chi[32];
        settings_number(1 - w.hi, clo, sizeof clo);
        settings_number(1 - w.lo, chi, sizeof chi);
        snprintf(extra, sizeof extra, " (%s from %s to %s)", s->complement, clo, chi);
    }
    snprintf(buf, len, "%s from %s to %s%s%s%s", s->symbol ? s->symbol : s->name, lo, hi,
             s->unit ? s->unit : "", s->unlimited ? ", then unlimited" : "", extra);
}

void settings_value_text(enum settings_id id, double v, char *buf, size_t len)
{
    const struct settings_row *s = &settings_table[id];
    if (s->unlimited && v <= 0)
        snprintf(buf, len, "unlimited");
    else if (s->format)
        snprintf(buf, len, s->format, v, 1 - v);
    else
        bound(id, v, buf, len);
}

void settings_default_text(enum settings_id id, char *buf, size_t len)
{
    if (settings_table[id].def_text)
        snprintf(buf, len, "%s", settings_table[id].def_text);
    else
        bound(id, settings_table[id].def, buf, len);
}
