/* Every number a user can set, in one table: its flag, the range the command line accepts and
 * the window slider's where that is narrower, scale and key steps, how a slider shows it, and
 * its default. The command-line parser, --help, the sliders and every out-of-range message are
 * written from it. No SDL here. */
#ifndef SUPERPOSE_APP_SETTINGS_H
#define SUPERPOSE_APP_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

enum settings_id {
    SETTINGS_FEATURES,
    SETTINGS_HIDDEN,
    SETTINGS_DENSITY,
    SETTINGS_SPARSITY,
    SETTINGS_DECAY,
    SETTINGS_LR,
    SETTINGS_BATCH,
    SETTINGS_STEPS,
    SETTINGS_SEED,
    SETTINGS_INSTANCES,
    SETTINGS_THREADS,
    SETTINGS_SPEED,
    SETTINGS_LATENTS,
    SETTINGS_L1,
    SETTINGS_TOPK,
    SETTINGS_SAE_STEPS,
    SETTINGS_SECONDS,     /* superpose record's */
    SETTINGS_FPS,
    SETTINGS_WIDTH,
    SETTINGS_HEIGHT,
    SETTINGS_SEEDS,
    SETTINGS_DENSITIES,   /* sweep: models, densities log-spaced from --from to --to */
    SETTINGS_FROM,
    SETTINGS_TO,
    SETTINGS_COUNT,
};

/* A sparse autoencoder has at most this many latents per feature of the model it reads. */
#define SETTINGS_LATENTS_PER_FEATURE 4

enum settings_kind { SETTINGS_INT, SETTINGS_REAL, SETTINGS_U64 };

struct settings_range {
    double lo, hi;
    bool lo_open, hi_open;   /* (lo rather than [lo; hi) rather than hi] */
};

struct settings_row {
    const char *name;             /* the flag, without its dashes */
    const char *metavar;          /* its value in --help */
    const char *help;             /* --help: what it sets */
    enum settings_kind kind;
    struct settings_range cli;    /* what the command line takes */
    struct settings_range window; /* the window's slider, when narrower; all zero: as cli */
    const char *window_top;       /* the slider's top follows another value, named so ("4n"):
                                   * window.hi is the most it can be */
    bool log;                     /* the slider moves log10 of the value */
    double step, fine;            /* a key's step and a Shift+key's, in slider units
                                   * (log10 on a log scale); fine 0: no finer step */
    const char *label;            /* the slider's name */
    const char *symbol;           /* the value's name in a slider's range message */
    const char *complement;       /* the name of 1 - value, said beside its range */
    const char *unit;             /* after a slider's range: " steps/s" */
    const char *format;           /* the slider's value: printf taking (value, 1 - value) */
    double def;
    const char *def_text;         /* --help: the default in words, instead of def */
    const char *noun;             /* the range message's "a number" or "an integer", replaced */
    const char *meaning;          /* said after the range in the command line's message */
    bool unlimited;               /* 0 means unlimited: 'max' on the command line, and the
                                   * slider's notch past its top */
};

extern const struct settings_row settings_table[SETTINGS_COUNT];

/* The row whose flag is name[0..len), or -1. */
int settings_find(const char *name, size_t len);

/* The window slider's range (the command line's when the row has no narrower one). */
struct settings_range settings_window(enum settings_id id);
bool settings_window_narrower(enum settings_id id);

bool settings_in_range(const struct settings_range *r, double v);

/* A number as every message writes it: "0.001", "1000000". */
void settings_number(double v, char *buf, size_t len);

/* The range in words, "from 1 to 4096" or "in (0, 1]", and briefly, "1..4096" or "(0, 1]". */
void settings_range_text(enum settings_id id, const struct settings_range *r, char *buf,
                         size_t len);
void settings_range_brief(enum settings_id id, const struct settings_range *r, char *buf,
                          size_t len);

/* What the command line expects: "an integer from 1 to 4096", "a number in (0, 1], the
 * fraction of active features (1 - sparsity)". */
void settings_expected(enum settings_id id, char *buf, size_t len);

/* A slider's range: "n from 1 to 32", "speed from 1 to 1000000 steps/s, then unlimited",
 * "latents k from 1 to 4n". */
void settings_slider_range(enum settings_id id, char *buf, size_t len);

/* The value as its slider shows it: "n = 5", "unlimited". */
void settings_value_text(enum settings_id id, double v, char *buf, size_t len);

/* The default as --help states it. */
void settings_default_text(enum settings_id id, char *buf, size_t len);

#endif
