#include "views.h"

#include <stdio.h>
#include <string.h>

#include "dimsweep.h"
#include "geom3d.h"
#include "phase.h"

static const struct view_preset dimexp_preset = { DIMSWEEP_FEATURES, DIMSWEEP_HIDDEN,
                                                 DIMSWEEP_DECAY };

#define M2_PANELS "m > 2: each panel shows hidden dimensions 1 and 2 only; {key}: back"
#define INPUT_WEIGHTS "each feature's input weights W_i (abs: W1's column) in neuron space"

static const struct view_row rows[VIEW_COUNT] = {
    [VIEW_MAIN] = {
        .name = "main",
        .title = "superpose: {features} in {dimensions}, {act}",
        .title_short = "n = {n}, m = {m}, {act}",
        .legend = {
            [VIEW_LEGEND_FLAT] = "W_i coloured by importance: feature 0 (most important) "
                                 "yellow, last purple",
            [VIEW_LEGEND_3D] = "drag or J/K, U/I to turn; nearer tips larger, farther fogged; "
                               "lines: |cos| > {edge_cos}",
            [VIEW_LEGEND_PROJECTED] = "drag or J/K, U/I to turn; a projection, so D "
                                      "(dimensionality) carries the truth",
        },
        .legend_short = {
            [VIEW_LEGEND_FLAT] = "colour: importance (0 yellow, last purple)",
            [VIEW_LEGEND_3D] = "drag or J/K, U/I to turn",
            [VIEW_LEGEND_PROJECTED] = "a projection (D: the truth)",
        },
        .trains = VIEW_TRAINS_NOTHING,
        .draw = views_main_draw,
        .neuron_legend = "{act}: " INPUT_WEIGHTS "; Y: the neurons",
    },
    [VIEW_SWEEP] = {
        .name = "sweep", .key = SDLK_g, .key_name = "G", .footer = "sweep",
        .help = "density sweep: {sweep_models} models from density 1 to {sweep_min} "
                "({key} again: back)",
        .title = "density sweep: {models} {act} models, density 1 to {sweep_min}",
        .title_short = "n = {n}, m = {m}, {act}",
        .legend = {
            [VIEW_LEGEND_FLAT] = "features, decay, lr, activation and speed from the sliders; "
                                 "{key}: back",
            [VIEW_LEGEND_3D] = M2_PANELS,
        },
        .legend_short = { "{key}: back" },
        .trains = VIEW_TRAINS_SWEEP,
        .draw = views_models_draw,
        .neuron_legend = INPUT_WEIGHTS "; {key}: back",
    },
    [VIEW_DIMS] = {
        .name = "dims", .key = SDLK_d, .key_name = "D", .footer = "dimensionality",
        .help = "feature dimensionality D_i across the sweep ({key} again: back)",
        .title = "feature dimensionality across the sweep (n = {n}, m = {m}, {act})",
        .title_short = "n = {n}, m = {m}, {act}",
        .legend = { "sticky values: 1, 3/4, 2/3, 1/2 (antipodal), 2/5 (pentagon), 3/8; "
                    "{key}: back" },
        .legend_short = { "{key}: back" },
        .trains = VIEW_TRAINS_SWEEP,
        .draw = views_dims_draw,
        .neuron_legend = "D_i of " INPUT_WEIGHTS "; {key}: back",
    },
    [VIEW_COMPARE] = {
        .name = "compare", .key = SDLK_v, .key_name = "V", .footer = "linear vs ReLU",
        .help = "linear and ReLU side by side ({key} again: back)",
        .title = "linear vs ReLU: same seed, same settings",
        .title_short = "n = {n}, m = {m}",
        .legend = {
            [VIEW_LEGEND_FLAT] = "linear keeps the top m features (PCA); ReLU can superpose. "
                                 "{key}: back",
            [VIEW_LEGEND_3D] = M2_PANELS,
        },
        .legend_short = { "{key}: back" },
        .trains = VIEW_TRAINS_COMPARE,
        .draw = views_models_draw,
        .tied_only = true,
        .unfit_legend = "linear vs ReLU compares tied models, and this is {act}: O leads back "
                        "to tied",
    },
    [VIEW_PHASE] = {
        .name = "phase", .key = SDLK_p, .key_name = "P", .footer = "phase diagram",
        .help = "phase diagram: n = 2, m = 1, importance r vs density, trained cell by cell "
                "({key} again: back)",
        .title = "phase diagram: 2 features in 1 dimension, {done} of {cells} cells",
        .title_short = "phase diagram, n = 2, m = 1",
        .legend = { "each cell trained live: the best of several seeds; white: theory. "
                    "{key}: back" },
        .legend_short = { "{key}: back" },
        .trains = VIEW_TRAINS_PHASE,
        .draw = views_phase_draw,
    },
    [VIEW_SAE] = {
        .name = "sae", .key = SDLK_a, .key_name = "A", .footer = "SAE",
        .help = "sparse autoencoder trained live on the model's activations: decoder "
                "directions over the features ({key} again: back)",
        .title = "sparse autoencoder: {sae}, {latents} on {features} in {dimensions}",
        .title_short = "SAE: {sae}, {latents}",
        .legend = {
            [VIEW_LEGEND_FLAT] = "thick: the features W_i; white dashed, ring at the tip: the "
                                 "decoder directions d_j (red: dead). {key}: back",
            [VIEW_LEGEND_3D] = "thick: W_i; white dashed: d_j (red: dead); drag or J/K, U/I "
                               "to turn. {key}: back",
            [VIEW_LEGEND_PROJECTED] = "a projection onto W's top 3 directions: the cosines "
                                      "carry the truth. {key}: back",
        },
        .legend_short = { "white dashed: decoder directions; {key}: back" },
        .trains = VIEW_TRAINS_SAE,
        .draw = views_sae_draw,
        .slider_area = views_sae_slider_area,
        .tied_only = true,
        .unfit_legend = "the SAE reads the tied model's h = W x, and this is {act}: O leads back "
                        "to tied",
    },
    [VIEW_NEURONS] = {
        .name = "neurons", .key = SDLK_y, .key_name = "Y", .footer = "neurons",
        .help = "neurons of hidden ReLU and abs (O): each neuron's weights by feature "
                "({key} again: back)",
        .title = "neurons: {features}, {m} neurons, {act}",
        .title_short = "neurons: n = {n}, m = {m}",
        .legend = { "bars: each neuron's input weights stacked by feature, positive up; "
                    "M/P: mono/polysemantic, its top feature; D: dead; {key}: back" },
        .legend_short = { "M/P: mono/poly, top feature; {key}: back" },
        .trains = VIEW_TRAINS_NOTHING,
        .draw = views_neurons_draw,
        .neurons_only = true,
        .unfit_legend = "the tied model has no neurons (h = W x has no activation): O switches "
                        "to hidden ReLU or abs",
    },
    [VIEW_SEEDS] = {
        .name = "seeds", .key = SDLK_f, .key_name = "F", .footer = "seeds",
        .help = "the same settings from consecutive seeds side by side, sorted by loss "
                "({key} again: back)",
        .title = "{seeds} seeds: {features} in {dimensions}, {act}, lowest loss first",
        .title_short = "{seeds} seeds, n = {n}, m = {m}",
        .legend = {
            [VIEW_LEGEND_FLAT] = "loss on the same fresh samples for every seed; B: the lowest "
                                 "becomes the model; 7 / 8: how many; {key}: back",
            [VIEW_LEGEND_3D] = "m > 2: each panel shows hidden dimensions 1 and 2 only, the "
                               "words say D_i; B: adopt the lowest; {key}: back",
        },
        .legend_short = { "B: adopt the lowest; {key}: back" },
        .trains = VIEW_TRAINS_SEEDS,
        .draw = views_seeds_draw,
        .slider_area = views_seeds_slider_area,
    },
    [VIEW_DIMEXP] = {
        .name = "dimexp", .key = SDLK_x, .key_name = "X", .footer = "400 features",
        .help = "the paper's dimensionality experiment: n = 400, m = 30, uniform importance, "
                "one model per density, trained on every core while the focused model waits "
                "({key} again: back)",
        .title = "feature dimensionality: the paper's experiment, one model per density",
        .title_short = "feature dimensionality per density",
        .legend = { "guides: 1, 3/4 (tetrahedron), 2/3 (triangle), 1/2 (antipodal), 2/5 "
                    "(pentagon), 3/8 (square antiprism); {key}: back" },
        .legend_short = { "{key}: back" },
        .trains = VIEW_TRAINS_DIMEXP,
        .draw = views_dimexp_draw,
        .preset = &dimexp_preset,
    },
};

const struct view_row *views_row(enum view_id id)
{
    return &rows[(unsigned)id < VIEW_COUNT ? id : VIEW_MAIN];
}

const char *const *views_names(void)
{
    static const char *names[VIEW_COUNT + 1];
    for (int k = 0; k < VIEW_COUNT; k++)
        names[k] = rows[k].name;
    return names;
}

enum view_id views_by_name(const char *name)
{
    for (int k = 0; name && k < VIEW_COUNT; k++)
        if (strcmp(rows[k].name, name) == 0)
            return (enum view_id)k;
    return VIEW_COUNT;
}

enum view_id views_by_key(SDL_Keycode key)
{
    for (int k = 0; k < VIEW_COUNT; k++)
        if (key != 0 && rows[k].key == key)
            return (enum view_id)k;
    return VIEW_COUNT;
}

bool views_ready(enum view_id id, const struct view_context *c)
{
    enum view_trains t = views_row(id)->trains;
    if (t == VIEW_TRAINS_PHASE)
        return c->phase != NULL;
    if (t == VIEW_TRAINS_SAE)
        return c->sae != NULL;
    if (t == VIEW_TRAINS_SEEDS)
        return c->seeds != NULL;
    if (t == VIEW_TRAINS_DIMEXP)
        return c->dimexp != NULL;
    return t == VIEW_TRAINS_NOTHING || c->companion_count > 0;
}

bool views_fit(enum view_id id, const struct view_context *c)
{
    const struct view_row *row = views_row(id);
    const bool tied = c->main.kind == MODEL_TIED;
    return !(row->tied_only && !tied) && !(row->neurons_only && tied);
}

enum field {
    F_N, F_M, F_FEATURES, F_DIMENSIONS, F_ACT, F_MODELS, F_DONE, F_CELLS, F_KEY,
    F_SWEEP_MODELS, F_SWEEP_MIN, F_EDGE_COS, F_SAE, F_LATENTS, F_SEEDS, F_COUNT,
};

static const char *const field_names[F_COUNT] = {
    [F_N] = "n", [F_M] = "m", [F_FEATURES] = "features", [F_DIMENSIONS] = "dimensions",
    [F_ACT] = "act", [F_MODELS] = "models", [F_DONE] = "done", [F_CELLS] = "cells",
    [F_KEY] = "key", [F_SWEEP_MODELS] = "sweep_models", [F_SWEEP_MIN] = "sweep_min",
    [F_EDGE_COS] = "edge_cos", [F_SAE] = "sae", [F_LATENTS] = "latents", [F_SEEDS] = "seeds",
};

static void fill_fields(const struct view_row *row, const struct view_context *c,
                        char value[F_COUNT][40])
{
    for (int f = 0; f < F_COUNT; f++)
        snprintf(value[f], sizeof value[f], "?");
    snprintf(value[F_KEY], sizeof value[F_KEY], "%s", row->key_name ? row->key_name : "");
    snprintf(value[F_SWEEP_MODELS], sizeof value[F_SWEEP_MODELS], "%d", VIEW_SWEEP_MODELS);
    snprintf(value[F_SWEEP_MIN], sizeof value[F_SWEEP_MIN], "%g", VIEW_SWEEP_DENSITY_MIN);
    snprintf(value[F_EDGE_COS], sizeof value[F_EDGE_COS], "%g", GEOM3D_EDGE_COS);
    if (!c)
        return;
    const struct view_model *md = &c->main;
    snprintf(value[F_N], sizeof value[F_N], "%d", md->n);
    snprintf(value[F_M], sizeof value[F_M], "%d", md->m);
    snprintf(value[F_FEATURES], sizeof value[F_FEATURES], "%d feature%s", md->n,
             md->n == 1 ? "" : "s");
    snprintf(value[F_DIMENSIONS], sizeof value[F_DIMENSIONS], "%d dimension%s", md->m,
             md->m == 1 ? "" : "s");
    snprintf(value[F_ACT], sizeof value[F_ACT], "%s",
             md->kind == MODEL_HIDDEN_RELU ? "hidden ReLU"
             : md->kind == MODEL_ABS       ? "abs"
                                           : model_activation_name(md->act));
    snprintf(value[F_MODELS], sizeof value[F_MODELS], "%d", c->companion_count);
    snprintf(value[F_DONE], sizeof value[F_DONE], "%d", c->phase_done);
    snprintf(value[F_CELLS], sizeof value[F_CELLS], "%d",
             c->phase ? c->phase->grid.cols * c->phase->grid.rows : 0);
    snprintf(value[F_SEEDS], sizeof value[F_SEEDS], "%d", c->seeds ? c->seeds->count : 0);
    const struct view_sae *sae = c->sae;
    if (!sae)
        return;
    if (sae->kind == SAE_TOPK)
        snprintf(value[F_SAE], sizeof value[F_SAE], "TopK, K = %d", sae->topk);
    else
        snprintf(value[F_SAE], sizeof value[F_SAE], "ReLU, l1 %.3g", sae->l1);
    snprintf(value[F_LATENTS], sizeof value[F_LATENTS], "%d latent%s", sae->k,
             sae->k == 1 ? "" : "s");
}

void views_expand(const struct view_row *row, const char *words, const struct view_context *c,
                  char *buf, size_t len)
{
    char value[F_COUNT][40];
    size_t used = 0;
    if (len == 0)
        return;
    fill_fields(row, c, value);
    for (const char *p = words ? words : ""; *p && used + 1 < len;) {
        const char *end = *p == '{' ? strchr(p, '}') : NULL;
        int f = F_COUNT;
        for (int k = 0; end && k < F_COUNT; k++)
            if (strlen(field_names[k]) == (size_t)(end - p - 1) &&
                strncmp(p + 1, field_names[k], (size_t)(end - p - 1)) == 0)
                f = k;
        if (f == F_COUNT) {
            buf[used++] = *p++;
            continue;
        }
        int w = snprintf(buf + used, len - used, "%s", value[f]);
        used = w < 0 ? used : used + (size_t)w < len ? used + (size_t)w : len - 1;
        p = end + 1;
    }
    buf[used] = 0;
}

static const char *legend_for(const char *const *legends, int m)
{
    int k = m <= 2 ? VIEW_LEGEND_FLAT : m == 3 ? VIEW_LEGEND_3D : VIEW_LEGEND_PROJECTED;
    while (k > 0 && !legends[k])
        k--;
    return legends[k];
}

void views_words(enum view_id id, const struct view_context *c, struct view_words *w)
{
    const struct view_row *row = views_row(id);
    const bool fit = views_fit(id, c);
    const struct view_row *shown = fit ? row : views_row(VIEW_MAIN);
    const char *words = !fit ? row->unfit_legend
                        : c->main.kind != MODEL_TIED ? row->neuron_legend : NULL;
    int m = c->main.m;
    views_expand(shown, shown->title, c, w->title, sizeof w->title);
    views_expand(shown, shown->title_short, c, w->title_short, sizeof w->title_short);
    views_expand(row, words ? words : legend_for(row->legend, m), c, w->legend, sizeof w->legend);
    views_expand(row, words ? words : legend_for(row->legend_short, m), c, w->legend_short,
                 sizeof w->legend_short);
}

void views_footer(char *buf, size_t len, bool compact)
{
    size_t used = 0;
    if (len == 0)
        return;
    buf[0] = 0;
    for (int k = 0; k < VIEW_COUNT && used < len; k++) {
        if (!rows[k].key)
            continue;
        int w = compact ? snprintf(buf + used, len - used, "%s%s", used ? "   " : "",
                                   rows[k].key_name)
                        : snprintf(buf + used, len - used, "%s%s: %s", used ? "   " : "",
                                   rows[k].key_name, rows[k].footer);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

void views_draw(enum view_id id, SDL_Renderer *r, struct text *text, float scale,
                const struct view_context *c, SDL_Rect rect)
{
    const bool own = views_ready(id, c) && views_fit(id, c);
    const struct view_row *row = views_row(own ? id : VIEW_MAIN);
    row->draw(r, text, scale, c, rect);
}
