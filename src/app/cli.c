#include "cli.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum flag_kind { FLAG_INT, FLAG_LONG, FLAG_U64, FLAG_DOUBLE, FLAG_BOOL, FLAG_STRING };

/* Which commands accept a flag. */
enum {
    ON_WINDOW = 1 << CLI_WINDOW,
    ON_TRAIN = 1 << CLI_TRAIN,
    ON_FIGURES = 1 << CLI_FIGURES,
    ON_BENCH = 1 << CLI_BENCH,
    ON_MODEL = ON_WINDOW | ON_TRAIN,
};

enum flag_id {
    F_FEATURES, F_HIDDEN, F_DENSITY, F_SPARSITY, F_DECAY, F_LR, F_BATCH, F_STEPS, F_SEED,
    F_LINEAR, F_JSON, F_THREADS, F_INSTANCES, F_SPEED, F_SCREENSHOT_DIR, F_PAUSED, F_OUT,
    F_QUICK, F_CORRELATED, F_ANTICORRELATED, F_COUNT
};

struct flag {
    const char *name;
    enum flag_kind kind;
    unsigned commands;
    double lo, hi;           /* numeric range */
    bool lo_open, hi_open;   /* (lo or [lo, hi) or hi] */
    const char *range;       /* the range as the message states it */
};

static const struct flag flags[F_COUNT] = {
    [F_FEATURES] = { "features", FLAG_INT, ON_MODEL, 1, MODEL_MAX_FEATURES, 0, 0, "an integer from 1 to 4096" },
    [F_HIDDEN] = { "hidden", FLAG_INT, ON_MODEL, 1, MODEL_MAX_HIDDEN, 0, 0, "an integer from 1 to 256" },
    [F_DENSITY] = { "density", FLAG_DOUBLE, ON_MODEL, 0, 1, 1, 0, "a number in (0, 1], the fraction of active features (1 - sparsity)" },
    [F_SPARSITY] = { "sparsity", FLAG_DOUBLE, ON_MODEL, 0, 1, 0, 1, "a number in [0, 1), the probability a feature is zero (1 - density)" },
    [F_DECAY] = { "decay", FLAG_DOUBLE, ON_MODEL, 0, 1, 1, 0, "a number in (0, 1], importance of feature i is decay^i" },
    [F_LR] = { "lr", FLAG_DOUBLE, ON_MODEL, 0, 1, 1, 0, "a finite number in (0, 1]" },
    [F_BATCH] = { "batch", FLAG_INT, ON_MODEL, 1, 65536, 0, 0, "an integer from 1 to 65536" },
    [F_STEPS] = { "steps", FLAG_LONG, ON_TRAIN | ON_FIGURES, 1, 1e9, 0, 0, "an integer from 1 to 1000000000" },
    [F_SEED] = { "seed", FLAG_U64, ON_MODEL, 0, 0, 0, 0, "an integer from 0 to 18446744073709551615" },
    [F_LINEAR] = { "linear", FLAG_BOOL, ON_MODEL, 0, 0, 0, 0, NULL },
    [F_JSON] = { "json", FLAG_BOOL, ON_TRAIN, 0, 0, 0, 0, NULL },
    [F_THREADS] = { "threads", FLAG_INT, ON_TRAIN | ON_FIGURES | ON_BENCH, 1, 256, 0, 0, "an integer from 1 to 256" },
    [F_INSTANCES] = { "instances", FLAG_INT, ON_TRAIN, 1, 1024, 0, 0, "an integer from 1 to 1024" },
    [F_SPEED] = { "speed", FLAG_DOUBLE, ON_WINDOW, CLI_SPEED_MIN, CLI_SPEED_MAX, 0, 0, "steps per second from 1 to 1000000, or 'max' for unlimited" },
    [F_SCREENSHOT_DIR] = { "screenshot-dir", FLAG_STRING, ON_WINDOW, 0, 0, 0, 0, "a directory" },
    [F_PAUSED] = { "paused", FLAG_BOOL, ON_WINDOW, 0, 0, 0, 0, NULL },
    [F_OUT] = { "out", FLAG_STRING, ON_FIGURES, 0, 0, 0, 0, "a directory" },
    [F_QUICK] = { "quick", FLAG_BOOL, ON_BENCH, 0, 0, 0, 0, NULL },
    [F_CORRELATED] = { "correlated", FLAG_STRING, ON_MODEL, 0, 0, 0, 0, "sets like 0-1,2-3 or 0+3" },
    [F_ANTICORRELATED] = { "anticorrelated", FLAG_STRING, ON_MODEL, 0, 0, 0, 0, "sets like 0-1,2-3 or 0+3" },
};

static const char *const command_names[] = {
    [CLI_WINDOW] = "", [CLI_TRAIN] = "train", [CLI_FIGURES] = "figures", [CLI_BENCH] = "bench",
    [CLI_HELP] = "help", [CLI_VERSION] = "version",
};

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return 2;
}

/* A user's word as a message shows it: control characters (a newline, an escape sequence)
 * written as \n, \t or \xNN so the message stays one line, and at most 80 bytes of it. */
#define SHOWN_MAX 96

static const char *shown(char buf[SHOWN_MAX], const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (size_t i = 0; i < n && s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if (o + 4 > 80) {
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        if (c >= 0x20 && c != 0x7f) {
            buf[o++] = (char)c;
        } else if (c == '\n' || c == '\t') {
            buf[o++] = '\\';
            buf[o++] = c == '\n' ? 'n' : 't';
        } else {
            buf[o++] = '\\';
            buf[o++] = 'x';
            buf[o++] = hex[c >> 4];
            buf[o++] = hex[c & 15];
        }
    }
    buf[o] = '\0';
    return buf;
}

static bool in_range(const struct flag *f, double v)
{
    if (!isfinite(v))
        return false;
    if (f->lo_open ? v <= f->lo : v < f->lo)
        return false;
    return f->hi_open ? v < f->hi : v <= f->hi;
}

static bool parse_double(const char *s, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return end != s && *end == '\0' && errno != ERANGE;
}

static bool parse_integer(const char *s, double *v)
{
    char *end;
    errno = 0;
    if (*s == '\0')
        return false;
    long long x = strtoll(s, &end, 10);
    if (*end != '\0' || errno == ERANGE)
        return false;
    *v = (double)x;
    return true;
}

static bool parse_u64(const char *s, uint64_t *v)
{
    char *end;
    if (*s < '0' || *s > '9')
        return false;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 10);
    if (*end != '\0' || errno == ERANGE)
        return false;
    *v = (uint64_t)x;
    return true;
}

static int apply(struct cli_options *o, enum flag_id id, const char *val, double num)
{
    struct trainer_desc *d = &o->desc;
    switch (id) {
    case F_FEATURES: d->features = (int)num; break;
    case F_HIDDEN: d->hidden = (int)num; break;
    case F_DENSITY: d->density = num; break;
    case F_SPARSITY: d->density = 1.0 - num; break;
    case F_DECAY: d->decay = num; break;
    case F_LR: d->lr = num; break;
    case F_BATCH: d->batch = (int)num; break;
    case F_STEPS: o->steps = (long)num; break;
    case F_LINEAR: d->act = MODEL_LINEAR; break;
    case F_JSON: o->json = true; break;
    case F_THREADS: o->threads = (int)num; break;
    case F_INSTANCES: o->instances = (int)num; break;
    case F_SPEED: o->speed = num; break;
    case F_SCREENSHOT_DIR: o->screenshot_dir = val; break;
    case F_PAUSED: o->paused = true; break;
    case F_OUT: o->out_dir = val; break;
    case F_QUICK: o->quick = true; break;
    case F_SEED: case F_CORRELATED: case F_ANTICORRELATED: case F_COUNT: break;
    }
    return 0;
}

static int parse_value(struct cli_options *o, enum flag_id id, const char *val, char *err,
                       size_t errlen)
{
    const struct flag *f = &flags[id];
    double num = 0.0;
    char b[SHOWN_MAX];
    if (f->kind == FLAG_STRING) {
        if (*val == '\0')
            return fail(err, errlen, "--%s: expected %s, got an empty string", f->name, f->range);
        char why[160];
        if ((id == F_CORRELATED || id == F_ANTICORRELATED) &&
            !featsets_parse(&o->desc.sets, id == F_CORRELATED ? FEATSETS_CORRELATED
                                                              : FEATSETS_ANTICORRELATED,
                            val, why, sizeof why))
            return fail(err, errlen, "--%s '%s': %s", f->name, shown(b, val, SIZE_MAX), why);
        return apply(o, id, val, 0.0);
    }
    if (f->kind == FLAG_U64) {
        if (!parse_u64(val, &o->desc.seed))
            return fail(err, errlen, "--%s '%s': expected %s", f->name, shown(b, val, SIZE_MAX),
                        f->range);
        return 0;
    }
    if (id == F_SPEED && strcmp(val, "max") == 0)
        return apply(o, id, val, 0.0);
    bool ok = f->kind == FLAG_DOUBLE ? parse_double(val, &num) : parse_integer(val, &num);
    if (!ok || !in_range(f, num))
        return fail(err, errlen, "--%s '%s': expected %s", f->name, shown(b, val, SIZE_MAX),
                    f->range);
    return apply(o, id, val, num);
}

static int check_window_ranges(const struct trainer_desc *d, char *err, size_t errlen)
{
    if (d->features > CLI_WINDOW_FEATURES_MAX)
        return fail(err, errlen, "--features %d: the window's slider goes from 1 to %d "
                    "(superpose train takes up to 4096)", d->features, CLI_WINDOW_FEATURES_MAX);
    if (d->density < CLI_WINDOW_DENSITY_MIN)
        return fail(err, errlen, "--density %g: the window's slider goes from %g to 1 "
                    "(sparsity from 0 to %g)", d->density, CLI_WINDOW_DENSITY_MIN,
                    1 - CLI_WINDOW_DENSITY_MIN);
    if (d->decay < CLI_WINDOW_DECAY_MIN)
        return fail(err, errlen, "--decay %g: the window's slider goes from %g to 1", d->decay,
                    CLI_WINDOW_DECAY_MIN);
    if (d->lr < CLI_WINDOW_LR_MIN || d->lr > CLI_WINDOW_LR_MAX)
        return fail(err, errlen, "--lr %g: the window's slider goes from %g to %g", d->lr,
                    CLI_WINDOW_LR_MIN, CLI_WINDOW_LR_MAX);
    return 0;
}

static int find_flag(const char *name, size_t len)
{
    for (int i = 0; i < F_COUNT; i++)
        if (strlen(flags[i].name) == len && strncmp(flags[i].name, name, len) == 0)
            return i;
    return -1;
}

static void set_defaults(struct cli_options *o)
{
    memset(o, 0, sizeof *o);
    o->desc = TRAINER_DESC_DEFAULT;
    o->steps = 10000;
    o->instances = 1;
    o->speed = CLI_SPEED_DEFAULT;
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
    char b[SHOWN_MAX];
    int a = 1;
    if (a < argc && argv[a][0] != '-') {
        if (parse_command(argv[a], &o->command) != 0)
            return fail(err, errlen, "unknown command '%s': expected train, figures, bench or help",
                        shown(b, argv[a], SIZE_MAX));
        a++;
    }
    bool seen[F_COUNT] = { 0 };
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
                        shown(b, arg, SIZE_MAX));
        const char *name = arg + 2, *eq = strchr(name, '=');
        int id = find_flag(name, eq ? (size_t)(eq - name) : strlen(name));
        if (id < 0)
            return fail(err, errlen, "unknown flag '%s' (see superpose %s%s--help)",
                        shown(b, arg, eq ? (size_t)(eq - arg) : SIZE_MAX),
                        command_names[o->command], o->command == CLI_WINDOW ? "" : " ");
        const struct flag *f = &flags[id];
        if (!(f->commands & (1u << o->command)))
            return fail(err, errlen, "--%s is not a flag of '%s'", f->name,
                        o->command == CLI_WINDOW ? "superpose" : command_names[o->command]);
        if (seen[id])
            return fail(err, errlen, "--%s given twice", f->name);
        seen[id] = true;
        if ((id == F_DENSITY && seen[F_SPARSITY]) || (id == F_SPARSITY && seen[F_DENSITY]))
            return fail(err, errlen, "--density and --sparsity: give one of them (density = 1 - sparsity)");
        if (f->kind == FLAG_BOOL) {
            if (eq)
                return fail(err, errlen, "--%s takes no value", f->name);
            apply(o, (enum flag_id)id, NULL, 0.0);
            continue;
        }
        const char *val = eq ? eq + 1 : (a + 1 < argc ? argv[++a] : NULL);
        if (!val)
            return fail(err, errlen, "--%s needs a value: %s", f->name, f->range);
        int rc = parse_value(o, (enum flag_id)id, val, err, errlen);
        if (rc)
            return rc;
    }
    if ((double)o->desc.batch * o->desc.features > 16777216.0)
        return fail(err, errlen, "--batch %d with --features %d: batch x features must be at most 16777216",
                    o->desc.batch, o->desc.features);
    char why[160]; /* "correlated set 3-5 needs ...": the kind is the flag's name */
    if (!featsets_fit(&o->desc.sets, o->desc.features, why, sizeof why))
        return fail(err, errlen, "--%s", why);
    return o->command == CLI_WINDOW ? check_window_ranges(&o->desc, err, errlen) : 0;
}

const char *cli_usage(enum cli_command command)
{
    switch (command) {
    case CLI_TRAIN:
        return "usage: superpose train [flags]\n"
               "Trains the toy model with the paper's recipe and prints what it learned.\n"
               "  --features N     feature count n, 1..4096 (default 5)\n"
               "  --hidden M       hidden dimensions m, 1..256 (default 2)\n"
               "  --density P      probability a feature is active, (0, 1] (default 0.02)\n"
               "  --sparsity S     probability a feature is zero, [0, 1); S = 1 - density\n"
               "  --decay D        importance of feature i is D^i, (0, 1] (default 0.9)\n"
               "  --lr L           AdamW learning rate, (0, 1] (default 0.001)\n"
               "  --batch B        samples per step, 1..65536 (default 1024)\n"
               "  --steps K        training steps, 1..1e9 (default 10000)\n"
               "  --seed N         random seed (default 0)\n"
               "  --linear         no ReLU: x' = W^T W x + b\n"
               "  --correlated S   sets of features that fire together: 0-1,2-3 or 0+3; a set\n"
               "                   is on with probability = density, each member its own value\n"
               "  --anticorrelated S  sets that never fire together: a set of s features is\n"
               "                   on with probability s x density (at most 1), one member at a time\n"
               "  --instances K    train seeds N..N+K-1, report the lowest loss (default 1)\n"
               "  --threads T      threads for the instances (default: all cores)\n"
               "  --json           one JSON object on stdout\n";
    case CLI_FIGURES:
        return "usage: superpose figures [--out DIR] [--threads T] [--steps K]\n"
               "Trains the models behind the README's pictures and writes them as PNG.\n"
               "  --out DIR     where to write them (default: the current directory)\n"
               "  --threads T   training threads (default: all cores)\n"
               "  --steps K     a quick preview: no model trains more than K steps (default\n"
               "                10000, the recipe's); the pictures then say so\n";
    case CLI_BENCH:
        return "usage: superpose bench [--threads T] [--quick]\n"
               "Measures training throughput (samples/s) and the window's frame time.\n";
    default:
        return "usage: superpose [flags]            open the live window\n"
               "       superpose train [flags]      train headless, print the result (--json)\n"
               "       superpose figures [--out D]  write the figures as PNG\n"
               "       superpose bench              measure training speed\n"
               "       superpose <command> --help   flags of a command\n"
               "\n"
               "Window flags: the model flags of 'train' (--features, --hidden, --density or\n"
               "--sparsity, --decay, --lr, --batch, --seed, --linear, --correlated,\n"
               "--anticorrelated) and\n"
               "  --speed X            training steps per second, 1..1e6 or 'max' (default 300)\n"
               "  --screenshot-dir D   where S saves screenshots (default: current directory)\n"
               "  --paused             start paused (Space resumes)\n";
    }
}
