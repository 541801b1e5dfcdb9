/* The command line: subcommand and every flag, parsed and validated in one table. A bad value
 * gives one line naming the flag and its allowed range; the caller prints it and exits 2. */
#ifndef SUPERPOSE_APP_CLI_H
#define SUPERPOSE_APP_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "sae.h"
#include "trainer.h"

enum cli_command {
    CLI_WINDOW,   /* no subcommand: the live window */
    CLI_TRAIN,
    CLI_FIGURES,
    CLI_BENCH,
    CLI_SAE,      /* a model with the recipe, then a sparse autoencoder on its activations */
    CLI_RECORD,   /* the window offscreen, recorded as an animated GIF */
    CLI_SWEEP,    /* one model per density, their feature dimensionalities */
    CLI_HELP,
    CLI_VERSION,
};

/* What --preset opens the window with; zero, as in a struct cli_options written out by a
 * test or the bench, opens none. */
enum cli_preset {
    CLI_PRESET_NONE,
    CLI_PRESET_DIMENSIONALITY,   /* n = 400, m = 30, decay 1, in the dimensionality experiment */
    CLI_PRESET_COUNT,
};

struct cli_options {
    enum cli_command command;
    struct trainer_desc desc;   /* the model flags: features, hidden, density, decay, lr, ... */
    long steps;                 /* train: steps to run */
    bool json;                  /* train, sae: one JSON object on stdout */
    struct sae_desc sae;        /* sae: latents (0: n), kind, l1, topk, resample */
    long sae_steps;             /* sae: the SAE's training steps */
    int threads;                /* train/bench/figures: worker threads (0 = all cores) */
    int instances;              /* train: seeds seed..seed+K-1 trained, lowest loss reported */
    double speed;               /* window: steps per second, 0 = unlimited */
    const char *screenshot_dir; /* window: where S saves; NULL = current directory */
    bool paused;                /* window: start paused */
    int seeds;                  /* window: the seeds view's models (0: the default) */
    const char *out_dir;        /* figures: output directory; NULL = current directory */
    const char *figures_only;   /* figures: file names, comma-separated; NULL = all */
    bool quick;                 /* bench: fewer rounds */
    const char *record_out;     /* record: the GIF to write */
    const char *view;           /* record: a view's name (views.c); NULL: the main view */
    double seconds;             /* record: the animation's length (0 when --steps gives it) */
    int fps;                    /* record: frames per second */
    int width, height;          /* record: the window's size in pixels (--size WxH) */
    bool help;                  /* --help: print the command's usage */
    int densities;              /* sweep: models, densities log-spaced from `from` to `to` */
    double from, to;
    enum cli_preset preset;     /* window: what to open with (zero: nothing but the main view) */
};

/* Parses argv (argv[0] is the program name). Returns 0 on success, 2 on a bad command line,
 * with a one-line message (no newline) in err. */
int cli_parse(int argc, char *const argv[], struct cli_options *o, char *err, size_t errlen);

/* The names --view takes (views.c's table, NULL-terminated): the program gives them before
 * parsing, since this library has no SDL and cannot read the table itself. Without them any
 * name is taken. */
void cli_set_views(const char *const *names);

/* The usage text for a command, written from the flag and settings tables (valid until the
 * next call for the same command). */
const char *cli_usage(enum cli_command command);

/* A command as --help describes it (the man page and the shell completion are written from
 * these, so they say what --help says). */
struct cli_command_doc {
    const char *name;      /* the word after "superpose"; "" for the window */
    const char *summary;   /* a few words: "train headless, print the result (--json)" */
    const char *about;     /* its --help paragraph, lines ending in a newline; or NULL */
};

void cli_command_doc(enum cli_command c, struct cli_command_doc *doc);

#define CLI_FLAG_TEXT_MAX 256

struct cli_flag_doc {
    const char *name;      /* without the dashes */
    const char *metavar;   /* its value in --help; NULL for a switch */
    bool directory;        /* the value is a directory's name */
    char text[CLI_FLAG_TEXT_MAX];   /* what --help says of it: what it sets, range, default */
};

/* Command c's flag number i in --help's order; false past its last. */
bool cli_flag_doc(enum cli_command c, int i, struct cli_flag_doc *doc);

#endif
