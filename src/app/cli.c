#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cliparse.h"
#include "settings.h"

/* Where a flag's value goes in struct cli_options, and how. */
enum store {
    STORE_INT,
    STORE_LONG,
    STORE_U64,
    STORE_DOUBLE,
    STORE_ONE_MINUS,   /* a double given as its complement: --sparsity sets the density */
    STORE_TRUE,        /* a bool flag */
    STORE_LINEAR,      /* the activation: linear */
    STORE_DIR,         /* a directory's name */
    STORE_CORRELATED,  /* feature sets (featsets_parse), into desc.sets */
    STORE_ANTICORRELATED,
    STORE_KIND,        /* one of the flag's choices, as an enum sae_kind */
    STORE_RESAMPLE,    /* one of the flag's choices, as an enum sae_resample */
    STORE_PRESET,      /* one of the flag's choices, as an enum cli_preset */
    STORE_REFUSED,     /* a flag that makes no sense: its help is the reason given */
    STORE_FILE,        /* a file's name */
    STORE_VIEW,        /* a view's name (cli_set_views) */
    STORE_SIZE,        /* WxH into width and height, each checked against its settings row */
    STORE_MODEL,       /* one of the flag's choices, as an enum model_kind */
};

/* Which commands accept a flag. */
enum {
    ON_WINDOW = 1 << CLI_WINDOW,
    ON_TRAIN = 1 << CLI_TRAIN,
    ON_FIGURES = 1 << CLI_FIGURES,
    ON_BENCH = 1 << CLI_BENCH,
    ON_SAE = 1 << CLI_SAE,
    ON_RECORD = 1 << CLI_RECORD,
    ON_SWEEP = 1 << CLI_SWEEP,
    ON_TRAINED = ON_TRAIN | ON_SAE,   /* the commands that train a model and report it */
    ON_MODEL = ON_WINDOW | ON_TRAINED | ON_RECORD,
    ON_SETS = ON_WINDOW | ON_TRAIN | ON_RECORD | ON_SWEEP,   /* the SAE draws independent features only */
    ON_DRAWN = ON_WINDOW | ON_RECORD,   /* the window's sliders hold the model's values */
    ON_SWEPT = ON_MODEL | ON_SWEEP,   /* a sweep's models: every model flag but the density */
};

#define NO_SETTING (-1)

/* A flag: a number from the settings table (its name, range, default and help come from
 * there), or a switch or a directory described here. Table order is --help's order. */
struct flag {
    int setting;            /* an enum settings_id, or NO_SETTING */
    unsigned commands;
    enum store store;
    size_t offset;          /* the value's place in struct cli_options */
    const char *name, *metavar, *help;   /* a flag without a settings row */
    const char *const *choices;          /* the words it takes, in its enum's order */
};

#define NUMBER(id, on, how, field) \
    { id, on, how, offsetof(struct cli_options, field), NULL, NULL, NULL, NULL }
#define SWITCH(flag, on, how, field, text) \
    { NO_SETTING, on, how, offsetof(struct cli_options, field), flag, NULL, text, NULL }

static const char *const kinds[] = { [SAE_RELU] = "relu", [SAE_TOPK] = "topk", NULL };
static const char *const resamplings[] = { [SAE_RESAMPLE_SIMPLE] = "simple",
                                           [SAE_RESAMPLE_NONE] = "none", NULL };
/* --preset's words: word k is preset k + 1 (zero is none) */
static const char *const presets[] = { [CLI_PRESET_DIMENSIONALITY - 1] = "dimensionality", NULL };

static const char *const model_kinds[] = { [MODEL_TIED] = "tied",
                                           [MODEL_HIDDEN_RELU] = "hidden-relu",
                                           [MODEL_ABS] = "abs", NULL };

static const struct flag flags[] = {
    NUMBER(SETTINGS_FEATURES, ON_SWEPT, STORE_INT, desc.features),
    NUMBER(SETTINGS_HIDDEN, ON_SWEPT, STORE_INT, desc.hidden),
    NUMBER(SETTINGS_DENSITY, ON_MODEL, STORE_DOUBLE, desc.density),
    NUMBER(SETTINGS_SPARSITY, ON_MODEL, STORE_ONE_MINUS, desc.density),
    NUMBER(SETTINGS_DECAY, ON_SWEPT, STORE_DOUBLE, desc.decay),
    NUMBER(SETTINGS_LR, ON_SWEPT, STORE_DOUBLE, desc.lr),
    NUMBER(SETTINGS_BATCH, ON_SWEPT, STORE_INT, desc.batch),
    NUMBER(SETTINGS_STEPS, ON_TRAINED | ON_FIGURES | ON_RECORD | ON_SWEEP, STORE_LONG, steps),
    NUMBER(SETTINGS_SEED, ON_SWEPT, STORE_U64, desc.seed),
    SWITCH("linear", ON_SWEPT, STORE_LINEAR, desc.act, "no ReLU: x' = W^T W x + b"),
    { NO_SETTING, ON_MODEL, STORE_MODEL, offsetof(struct cli_options, desc.kind), "model",
      "tied|hidden-relu|abs", "x' = ReLU(W^T W x + b); h = ReLU(W x) with neurons; or "
      "y' = ReLU(W2 ReLU(W1 x) + b) computing |x| of signed features (default tied)",
      model_kinds },
    { NO_SETTING, ON_SETS, STORE_CORRELATED, offsetof(struct cli_options, desc.sets),
      "correlated", "SETS", "features that fire together, e.g. 0-1,2-3 or 0+3", NULL },
    { NO_SETTING, ON_SETS, STORE_ANTICORRELATED, offsetof(struct cli_options, desc.sets),
      "anticorrelated", "SETS", "features that fire one at a time, e.g. 0-1,2-3", NULL },
    NUMBER(SETTINGS_INSTANCES, ON_TRAINED, STORE_INT, instances),
    NUMBER(SETTINGS_THREADS, ON_TRAINED | ON_FIGURES | ON_BENCH | ON_SWEEP, STORE_INT, threads),
    SWITCH("json", ON_TRAINED | ON_SWEEP, STORE_TRUE, json,
           "one JSON object on stdout (sweep: one line per density)"),
    { NO_SETTING, ON_SAE, STORE_KIND, offsetof(struct cli_options, sae.kind), "kind",
      "relu|topk", "ReLU latents with an l1 penalty, or the K largest (default relu)", kinds },
    NUMBER(SETTINGS_LATENTS, ON_SAE, STORE_INT, sae.latents),
    NUMBER(SETTINGS_L1, ON_SAE, STORE_DOUBLE, sae.l1),
    NUMBER(SETTINGS_TOPK, ON_SAE, STORE_INT, sae.topk),
    NUMBER(SETTINGS_SAE_STEPS, ON_SAE, STORE_LONG, sae_steps),
    { NO_SETTING, ON_SAE, STORE_RESAMPLE, offsetof(struct cli_options, sae.resample), "resample",
      "simple|none", "dead latents get new random directions every 2500 steps, or never "
      "(default simple)", resamplings },
    { NO_SETTING, ON_SAE, STORE_REFUSED, 0, "sae-only", NULL,
      "the SAE reads the activations of a model trained with the recipe first; there is no "
      "stored model to read instead", NULL },
    NUMBER(SETTINGS_SPEED, ON_DRAWN, STORE_DOUBLE, speed),
    { NO_SETTING, ON_WINDOW, STORE_DIR, offsetof(struct cli_options, screenshot_dir),
      "screenshot-dir", "DIR", "where S saves screenshots (default: the current directory)",
      NULL },
    SWITCH("paused", ON_WINDOW, STORE_TRUE, paused, "start paused (Space resumes)"),
    NUMBER(SETTINGS_SEEDS, ON_WINDOW, STORE_INT, seeds),
    { NO_SETTING, ON_FIGURES, STORE_DIR, offsetof(struct cli_options, out_dir), "out", "DIR",
      "where to write them (default: the current directory)", NULL },
    { NO_SETTING, ON_FIGURES, STORE_FILE, offsetof(struct cli_options, figures_only), "only",
      "NAMES", "only these figures, by file name, comma-separated (default: all)", NULL },
    SWITCH("quick", ON_BENCH, STORE_TRUE, quick, "fewer rounds"),
    { NO_SETTING, ON_RECORD, STORE_FILE, offsetof(struct cli_options, record_out), "out",
      "FILE", "the GIF to write (replaced if it exists)", NULL },
    { NO_SETTING, ON_RECORD, STORE_VIEW, offsetof(struct cli_options, view), "view", "NAME",
      "the view to record, by the name the window's trace gives it (default main):", NULL },
    NUMBER(SETTINGS_SECONDS, ON_RECORD, STORE_DOUBLE, seconds),
    NUMBER(SETTINGS_FPS, ON_RECORD, STORE_INT, fps),
    { NO_SETTING, ON_RECORD, STORE_SIZE, offsetof(struct cli_options, width), "size", "WxH",
      "the recording's size in pixels, --width and --height at once", NULL },
    NUMBER(SETTINGS_WIDTH, ON_RECORD, STORE_INT, width),
    NUMBER(SETTINGS_HEIGHT, ON_RECORD, STORE_INT, height),
    NUMBER(SETTINGS_DENSITIES, ON_SWEEP, STORE_INT, densities),
    NUMBER(SETTINGS_FROM, ON_SWEEP, STORE_DOUBLE, from),
    NUMBER(SETTINGS_TO, ON_SWEEP, STORE_DOUBLE, to),
    { NO_SETTING, ON_WINDOW, STORE_PRESET, offsetof(struct cli_options, preset), "preset",
      "dimensionality", "open with n = 400, m = 30, uniform importance in the dimensionality "
      "experiment (key X)", presets },
};

static const char *const *view_names;

void cli_set_views(const char *const *names)
{
    view_names = names;
}

#define FLAG_COUNT ((int)(sizeof flags / sizeof flags[0]))

static const char *flag_name(const struct flag *f)
{
    return f->setting == NO_SETTING ? f->name : settings_table[f->setting].name;
}

static const char *flag_metavar(const struct flag *f)
{
    return f->setting == NO_SETTING ? f->metavar : settings_table[f->setting].metavar;
}

/* What a flag expects, as its messages say it. */
static void expected(const struct flag *f, char *buf, size_t len)
{
    const char *const *choices = f->store == STORE_VIEW ? view_names : f->choices;
    if (choices) {
        size_t used = (size_t)snprintf(buf, len, "one of");
        for (int k = 0; choices[k] && used < len; k++)
            used += (size_t)snprintf(buf + used, len - used, "%s %s", k ? "," : "", choices[k]);
    } else if (f->store == STORE_VIEW) {
        snprintf(buf, len, "a view's name");
    } else if (f->store == STORE_FILE) {
        snprintf(buf, len, "a file's name");
    } else if (f->store == STORE_SIZE) {
        char w[64], h[64];
        settings_range_text(SETTINGS_WIDTH, &settings_table[SETTINGS_WIDTH].cli, w, sizeof w);
        settings_range_text(SETTINGS_HEIGHT, &settings_table[SETTINGS_HEIGHT].cli, h, sizeof h);
        snprintf(buf, len, "WxH, integers: the width %s, the height %s", w, h);
    } else if (f->setting == NO_SETTING)
        snprintf(buf, len, "%s", f->store == STORE_DIR ? "a directory"
                                                         : "sets like 0-1,2-3 or 0+3");
    else
        settings_expected((enum settings_id)f->setting, buf, len);
}

static const char *const command_names[] = {
    [CLI_WINDOW] = "", [CLI_TRAIN] = "train", [CLI_FIGURES] = "figures", [CLI_BENCH] = "bench",
    [CLI_SAE] = "sae", [CLI_RECORD] = "record", [CLI_SWEEP] = "sweep", [CLI_HELP] = "help",
    [CLI_VERSION] = "version",
};

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return 2;
}

static void store(struct cli_options *o, const struct flag *f, const char *val, double num,
                  uint64_t u)
{
    char *p = (char *)o + f->offset;
    switch (f->store) {
    case STORE_INT: *(int *)p = (int)num; break;
    case STORE_LONG: *(long *)p = (long)num; break;
    case STORE_U64: *(uint64_t *)p = u; break;
    case STORE_DOUBLE: *(double *)p = num; break;
    case STORE_ONE_MINUS: *(double *)p = 1.0 - num; break;
    case STORE_TRUE: *(bool *)p = true; break;
    case STORE_LINEAR: *(enum model_activation *)p = MODEL_LINEAR; break;
    case STORE_DIR: case STORE_FILE: case STORE_VIEW: *(const char **)p = val; break;
    case STORE_KIND: *(enum sae_kind *)p = (enum sae_kind)num; break;
    case STORE_RESAMPLE: *(enum sae_resample *)p = (enum sae_resample)num; break;
    case STORE_MODEL: *(enum model_kind *)p = (enum model_kind)num; break;
    case STORE_PRESET: *(enum cli_preset *)p = (enum cli_preset)(num + 1); break;
    case STORE_CORRELATED: case STORE_ANTICORRELATED: case STORE_REFUSED: case STORE_SIZE:
        break;   /* parse_value parses sets and sizes; a refused flag stores nothing */
    }
}

/* WxH: two integers, each in its settings row's range. */
static int parse_size(struct cli_options *o, const struct flag *f, const char *val,
                      const char *want, char *err, size_t errlen)
{
    char b[CLIPARSE_SHOWN_MAX], *x = strchr(val, 'x'), part[32];
    double w, h;
    size_t n = x ? (size_t)(x - val) : 0;
    if (!x || n >= sizeof part)
        return fail(err, errlen, "--%s '%s': expected %s", flag_name(f), cliparse_shown(b, val, SIZE_MAX),
                    want);
    memcpy(part, val, n);
    part[n] = '\0';
    if (!cliparse_integer(part, &w) || !cliparse_integer(x + 1, &h) ||
        !settings_in_range(&settings_table[SETTINGS_WIDTH].cli, w) ||
        !settings_in_range(&settings_table[SETTINGS_HEIGHT].cli, h))
        return fail(err, errlen, "--%s '%s': expected %s", flag_name(f), cliparse_shown(b, val, SIZE_MAX),
                    want);
    o->width = (int)w;
    o->height = (int)h;
    return 0;
}

static int parse_value(struct cli_options *o, const struct flag *f, const char *val, char *err,
                       size_t errlen)
{
    char b[CLIPARSE_SHOWN_MAX], want[192];
    expected(f, want, sizeof want);
    if (f->choices) {
        for (int k = 0; f->choices[k]; k++)
            if (strcmp(val, f->choices[k]) == 0) {
                store(o, f, val, k, 0);
                return 0;
            }
        return fail(err, errlen, "--%s '%s': expected %s", flag_name(f), cliparse_shown(b, val, SIZE_MAX),
                    want);
    }
    if (f->setting == NO_SETTING) {
        if (*val == '\0')
            return fail(err, errlen, "--%s: expected %s, got an empty string", flag_name(f), want);
        if (f->store == STORE_SIZE)
            return parse_size(o, f, val, want, err, errlen);
        if (f->store == STORE_VIEW && view_names) {
            int k = 0;
            while (view_names[k] && strcmp(view_names[k], val) != 0)
                k++;
            if (!view_names[k])
                return fail(err, errlen, "--%s '%s': expected %s", flag_name(f),
                            cliparse_shown(b, val, SIZE_MAX), want);
        }
        char why[160];
        if (f->store != STORE_DIR && f->store != STORE_FILE && f->store != STORE_VIEW &&
            !featsets_parse(&o->desc.sets, f->store == STORE_CORRELATED ? FEATSETS_CORRELATED
                                                                        : FEATSETS_ANTICORRELATED,
                            val, why, sizeof why))
            return fail(err, errlen, "--%s '%s': %s", flag_name(f), cliparse_shown(b, val, SIZE_MAX), why);
        store(o, f, val, 0.0, 0);
        return 0;
    }
    enum settings_id id = (enum settings_id)f->setting;
    const struct settings_row *s = &settings_table[id];
    double num = 0.0;
    uint64_t u = 0;
    if (s->unlimited && strcmp(val, "max") == 0) {
        store(o, f, val, 0.0, 0);
        return 0;
    }
    bool ok = s->kind == SETTINGS_U64 ? cliparse_u64(val, &u)
              : s->kind == SETTINGS_REAL ? cliparse_double(val, &num)
                                         : cliparse_integer(val, &num);
    if (!ok || (s->kind != SETTINGS_U64 && !settings_in_range(&s->cli, num)))
        return fail(err, errlen, "--%s '%s': expected %s", s->name, cliparse_shown(b, val, SIZE_MAX), want);
    struct settings_range w = settings_window(id);
    if ((o->command == CLI_WINDOW || o->command == CLI_RECORD) && !settings_in_range(&w, num)) {
        char wr[64], cr[96];
        settings_range_text(id, &w, wr, sizeof wr);
        settings_range_text(id, &s->cli, cr, sizeof cr);
        return fail(err, errlen, "--%s %s: the window's slider goes %s; superpose train takes %s %s",
                    s->name, cliparse_shown(b, val, SIZE_MAX), wr,
                    s->kind == SETTINGS_REAL ? "a number" : "an integer", cr);
    }
    store(o, f, val, num, u);
    return 0;
}

/* The flag of that name command c takes, else the first of that name (two commands may each
 * have an --out), or -1. */
static int find_flag(const char *name, size_t len, enum cli_command c)
{
    int first = -1;
    for (int i = 0; i < FLAG_COUNT; i++) {
        const char *n = flag_name(&flags[i]);
        if (strlen(n) != len || strncmp(n, name, len) != 0)
            continue;
        if (flags[i].commands & (1u << c))
            return i;
        first = first < 0 ? i : first;
    }
    return first;
}

/* The recipe's model, then every numbered flag's default from the settings table. */
static void set_defaults(struct cli_options *o)
{
    memset(o, 0, sizeof *o);
    o->desc = TRAINER_DESC_DEFAULT;
    for (int i = 0; i < FLAG_COUNT; i++) {
        const struct flag *f = &flags[i];
        if (f->setting != NO_SETTING && f->store != STORE_ONE_MINUS) {
            double def = settings_table[f->setting].def;
            store(o, f, NULL, def, (uint64_t)def);
        }
    }
}

static bool given(const bool *seen, const char *name, enum cli_command c)
{
    int k = find_flag(name, strlen(name), c);
    return k >= 0 && seen[k];
}

/* The SAE's values against each other and the model's feature count. */
static int sae_check(const struct cli_options *o, const bool *seen, char *err, size_t errlen)
{
    const struct sae_desc *d = &o->sae;
    const int latents = d->latents > 0 ? d->latents : o->desc.features;
    if (d->latents > SETTINGS_LATENTS_PER_FEATURE * o->desc.features)
        return fail(err, errlen, "--latents %d with --features %d: at most %d x features = %d",
                    d->latents, o->desc.features, SETTINGS_LATENTS_PER_FEATURE,
                    SETTINGS_LATENTS_PER_FEATURE * o->desc.features);
    if (d->kind == SAE_TOPK && given(seen, "l1", CLI_SAE))
        return fail(err, errlen, "--l1 with --kind topk: the TopK SAE has no l1 term");
    if (d->kind != SAE_TOPK && given(seen, "topk", CLI_SAE))
        return fail(err, errlen, "--topk is the TopK SAE's K: give --kind topk with it");
    if (d->kind == SAE_TOPK && d->topk > latents)
        return fail(err, errlen, "--topk %d with %d latents: K must be at most the latents",
                    d->topk, latents);
    return 0;
}

/* A recording's length from one of --seconds and --steps, its file, a finite speed, its size
 * from --size or from --width and --height. */
static int record_check(struct cli_options *o, const bool *seen, char *err, size_t errlen)
{
    if (!o->record_out)
        return fail(err, errlen, "record needs --out FILE, the GIF to write");
    if (given(seen, "seconds", CLI_RECORD) && given(seen, "steps", CLI_RECORD))
        return fail(err, errlen, "--seconds and --steps: give one of them (the recording's "
                    "length, or the steps it shows at --speed)");
    if (given(seen, "size", CLI_RECORD) &&
        (given(seen, "width", CLI_RECORD) || given(seen, "height", CLI_RECORD)))
        return fail(err, errlen, "--size with --%s: give --size WxH or --width and --height",
                    given(seen, "width", CLI_RECORD) ? "width" : "height");
    if (o->speed <= 0)
        return fail(err, errlen, "--speed max: a recording shows a number of steps per second; "
                    "give one, from 1 to 1000000");
    if (given(seen, "steps", CLI_RECORD))
        o->seconds = 0;
    return 0;
}

static int parse_command(const char *word, enum cli_command *c)
{
    for (int i = CLI_TRAIN; i <= CLI_VERSION; i++)
        if (strcmp(word, command_names[i]) == 0) {
            *c = (enum cli_command)i;
            return 0;
        }
    return -1;
}

int cli_parse(int argc, char *const argv[], struct cli_options *o, char *err, size_t errlen)
{
    set_defaults(o);
    char b[CLIPARSE_SHOWN_MAX];
    int a = 1;
    if (a < argc && argv[a][0] != '-') {
        if (parse_command(argv[a], &o->command) != 0)
            return fail(err, errlen,
                        "unknown command '%s': expected train, sae, record, sweep, figures, bench "
                        "or help", cliparse_shown(b, argv[a], SIZE_MAX));
        a++;
    }
    bool seen[FLAG_COUNT] = { 0 };
    for (; a < argc; a++) {
        const char *arg = argv[a];
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            o->help = true;
            return 0;
        }
        if (strcmp(arg, "--version") == 0) {
            o->command = CLI_VERSION;
            return 0;
        }
        if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0')
            return fail(err, errlen, "unexpected argument '%s' (flags start with --; see --help)",
                        cliparse_shown(b, arg, SIZE_MAX));
        const char *name = arg + 2, *eq = strchr(name, '=');
        int id = find_flag(name, eq ? (size_t)(eq - name) : strlen(name), o->command);
        if (id < 0)
            return fail(err, errlen, "unknown flag '%s' (see superpose %s%s--help)",
                        cliparse_shown(b, arg, eq ? (size_t)(eq - arg) : SIZE_MAX),
                        command_names[o->command], o->command == CLI_WINDOW ? "" : " ");
        const struct flag *f = &flags[id];
        if (!(f->commands & (1u << o->command)))
            return fail(err, errlen, "--%s is not a flag of '%s'", flag_name(f),
                        o->command == CLI_WINDOW ? "superpose" : command_names[o->command]);
        if (seen[id])
            return fail(err, errlen, "--%s given twice", flag_name(f));
        seen[id] = true;
        /* Two flags for one value (--density, --sparsity): the first in the table is named first. */
        for (int k = 0; k < FLAG_COUNT; k++)
            if (k != id && seen[k] && flags[k].offset == f->offset &&
                (f->store == STORE_ONE_MINUS || flags[k].store == STORE_ONE_MINUS)) {
                const struct flag *x = &flags[k < id ? k : id], *y = &flags[k < id ? id : k];
                return fail(err, errlen, "--%s and --%s: give one of them (%s = 1 - %s)",
                            flag_name(x), flag_name(y), flag_name(x), flag_name(y));
            }
        if (f->store == STORE_REFUSED)
            return fail(err, errlen, "--%s is refused: %s", flag_name(f), f->help);
        if (f->store == STORE_TRUE || f->store == STORE_LINEAR) {
            if (eq)
                return fail(err, errlen, "--%s takes no value", flag_name(f));
            store(o, f, NULL, 0.0, 0);
            continue;
        }
        const char *val = eq ? eq + 1 : (a + 1 < argc ? argv[++a] : NULL);
        if (!val) {
            char want[192];
            expected(f, want, sizeof want);
            return fail(err, errlen, "--%s needs a value: %s", flag_name(f), want);
        }
        int rc = parse_value(o, f, val, err, errlen);
        if (rc)
            return rc;
    }
    if ((double)o->desc.batch * o->desc.features > 16777216.0)
        return fail(err, errlen, "--batch %d with --features %d: batch x features must be at most 16777216",
                    o->desc.batch, o->desc.features);
    if (o->desc.kind != MODEL_TIED && o->desc.act == MODEL_LINEAR)
        return fail(err, errlen, "--linear with --model %s: --linear drops the tied model's ReLU; "
                    "the models with neurons keep theirs", model_kinds[o->desc.kind]);
    if (o->desc.kind != MODEL_TIED && o->command == CLI_SAE)
        return fail(err, errlen, "--model %s: the SAE reads the tied model's activations; "
                    "expected --model tied", model_kinds[o->desc.kind]);
    char why[160]; /* "correlated set 3-5 needs ...": the kind is the flag's name */
    if (!featsets_fit(&o->desc.sets, o->desc.features, why, sizeof why))
        return fail(err, errlen, "--%s", why);
    static const char *const preset_sets[] = { "features", "hidden", "decay" };
    for (int k = 0; o->preset != CLI_PRESET_NONE && k < 3; k++)
        if (given(seen, preset_sets[k], CLI_WINDOW))
            return fail(err, errlen, "--%s with --preset %s: the preset sets n = 400, m = 30 "
                        "and decay 1", preset_sets[k], presets[o->preset - 1]);
    if (o->command == CLI_RECORD)
        return record_check(o, seen, err, errlen);
    return o->command == CLI_SAE ? sae_check(o, seen, err, errlen) : 0;
}

/* The commands as --help and the man page describe them. The window's --help lists every
 * command that takes flags (help and version take none: --help and --version say the same). */
static const struct {
    const char *args, *summary, *about;
    unsigned flags;
} commands[] = {
    [CLI_WINDOW] = { "[flags]", "open the live window", NULL, ON_WINDOW },
    [CLI_TRAIN] = { "train [flags]", "train headless, print the result (--json)",
        "Trains the toy model with the paper's recipe and prints what it learned.\n", ON_TRAIN },
    [CLI_FIGURES] = { "figures [--out D]", "write the figures as PNG",
        "Trains the models behind the README's pictures and writes them as PNG. Fewer --steps\n"
        "than the recipe's make a quick preview: no model trains more, and the pictures say so.\n",
        ON_FIGURES },
    [CLI_BENCH] = { "bench", "measure training speed",
        "Measures training throughput (samples/s) and the window's frame time.\n", ON_BENCH },
    [CLI_SAE] = { "sae [flags]", "train, then a sparse autoencoder on the model",
        "Trains the toy model with the paper's recipe (the flags of train), then a sparse\n"
        "autoencoder on its hidden activations, and says how many of the model's features the\n"
        "SAE's decoder directions recover (cosine > 0.9). The features are independent\n"
        "(no --correlated sets: the SAE draws its data as the independent model's).\n", ON_SAE },
    [CLI_RECORD] = { "record --out F", "record the window as a GIF, headless",
        "Trains the toy model (the flags of train) in the window drawn offscreen, with no display\n"
        "at all, and records it as an animated GIF: --seconds of it, or the frames that show\n"
        "--steps steps, at --fps frames and --speed training steps per second of the GIF.\n",
        ON_RECORD },
    [CLI_SWEEP] = { "sweep [flags]", "train one model per density, print D_i (--json)",
        "Trains one model per density, densities log-spaced from --from to --to, on all cores,\n"
        "and prints each model's dimensions per feature m/||W||_F^2 and its features' D_i (the\n"
        "paper's feature-dimensionality figure: --features 400 --hidden 30 --decay 1).\n",
        ON_SWEEP },
    [CLI_HELP] = { "help", "list the commands and the window's flags, as --help", NULL, 0 },
    [CLI_VERSION] = { "version", "print the version, as --version", NULL, 0 },
};

#define USAGE_MAX 4096

/* What --help says after a flag: what it sets, the range command c takes (the window's
 * sliders' where narrower) and its default. */
static void flag_text(const struct flag *f, enum cli_command c, char *buf, size_t len)
{
    if (f->setting == NO_SETTING) {
        if (f->store == STORE_VIEW && view_names) {
            size_t used = (size_t)snprintf(buf, len, "%s", f->help);
            for (int k = 0; view_names[k] && used < len; k++)
                used += (size_t)snprintf(buf + used, len - used, "%s %s", k ? "," : "",
                                         view_names[k]);
            return;
        }
        snprintf(buf, len, "%s", f->help);
        return;
    }
    enum settings_id id = (enum settings_id)f->setting;
    const struct settings_row *s = &settings_table[id];
    struct settings_range r = c == CLI_WINDOW || c == CLI_RECORD ? settings_window(id) : s->cli;
    char range[64], def[32];
    settings_range_brief(id, &r, range, sizeof range);
    settings_default_text(id, def, sizeof def);
    snprintf(buf, len, "%s, %s%s (default%s %s)", s->help, range,
             s->unlimited ? " or 'max'" : "", s->def_text ? ":" : "", def);
}

static size_t flag_line(const struct flag *f, enum cli_command c, int width, char *buf,
                        size_t len)
{
    char left[64], text[CLI_FLAG_TEXT_MAX];
    const char *meta = flag_metavar(f);
    snprintf(left, sizeof left, "--%s%s%s", flag_name(f), meta ? " " : "", meta ? meta : "");
    flag_text(f, c, text, sizeof text);
    return (size_t)snprintf(buf, len, "  %-*s%s\n", width, left, text);
}

const char *cli_usage(enum cli_command command)
{
    static char text[CLI_VERSION + 1][USAGE_MAX];
    enum cli_command c = command == CLI_HELP || command == CLI_VERSION ? CLI_WINDOW : command;
    unsigned on = commands[c].flags;
    int width = 0;
    for (int i = 0; i < FLAG_COUNT; i++) {
        const char *meta = flag_metavar(&flags[i]);
        int w = (int)(strlen(flag_name(&flags[i])) + (meta ? strlen(meta) + 1 : 0)) + 4;
        if ((flags[i].commands & on) && flags[i].store != STORE_REFUSED && w > width)
            width = w;
    }
    char *buf = text[c];
    size_t used = 0;
    if (c == CLI_WINDOW) {
        for (int k = CLI_WINDOW; k <= CLI_VERSION; k++) {
            char line[64];
            if (!commands[k].flags)
                continue;
            snprintf(line, sizeof line, "superpose %s", commands[k].args);
            used += (size_t)snprintf(buf + used, USAGE_MAX - used, "%s%-29s%s\n",
                                     used ? "       " : "usage: ", line, commands[k].summary);
        }
        used += (size_t)snprintf(buf + used, USAGE_MAX - used, "%s",
                                 "       superpose <command> --help   flags of a command\n\n"
                                 "Window flags (the model's within the sliders' ranges):\n");
    } else {
        used = (size_t)snprintf(buf, USAGE_MAX, "usage: superpose %s [flags]\n%s",
                                command_names[c], commands[c].about);
    }
    for (int i = 0; i < FLAG_COUNT && used < USAGE_MAX; i++)
        if ((flags[i].commands & on) && flags[i].store != STORE_REFUSED)
            used += flag_line(&flags[i], c, width, buf + used, USAGE_MAX - used);
    return buf;
}

void cli_command_doc(enum cli_command c, struct cli_command_doc *doc)
{
    *doc = (struct cli_command_doc){ .name = command_names[c], .summary = commands[c].summary,
                                     .about = commands[c].about };
}

bool cli_flag_doc(enum cli_command c, int i, struct cli_flag_doc *doc)
{
    for (int k = 0; k < FLAG_COUNT; k++) {
        const struct flag *f = &flags[k];
        if (!(f->commands & commands[c].flags) || f->store == STORE_REFUSED || i-- > 0)
            continue;
        *doc = (struct cli_flag_doc){ .name = flag_name(f), .metavar = flag_metavar(f),
                                      .directory = f->store == STORE_DIR };
        flag_text(f, c, doc->text, sizeof doc->text);
        return true;
    }
    return false;
}
