/* libFuzzer harness for cli_parse: the input, split on NUL bytes, is argv[1..]. Beyond "no
 * crash" under ASan/UBSan it checks the parser's contract: the result is 0 or 2, a refusal
 * carries exactly one line of printable text, and an accepted command line holds only values
 * inside the documented ranges. Built and run by tests/fuzz_cli.sh. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_ARGS 64

static void require(int ok, const char *what, const char *err)
{
    if (!ok) {
        fprintf(stderr, "fuzz_cli: contract broken: %s (message: '%s')\n", what, err);
        abort();
    }
}

static void check_accepted(const struct cli_options *o, char *const argv[], int argc)
{
    const struct trainer_desc *d = &o->desc;
    require(o->command >= CLI_WINDOW && o->command <= CLI_VERSION, "command", "");
    require(d->features >= 1 && d->features <= MODEL_MAX_FEATURES, "features range", "");
    require(d->hidden >= 1 && d->hidden <= MODEL_MAX_HIDDEN, "hidden range", "");
    require(isfinite(d->density) && d->density > 0.0 && d->density <= 1.0, "density range", "");
    require(isfinite(d->decay) && d->decay > 0.0 && d->decay <= 1.0, "decay range", "");
    require(isfinite(d->lr) && d->lr > 0.0 && d->lr <= 1.0, "lr range", "");
    require(d->batch >= 1 && d->batch <= 65536, "batch range", "");
    /* --help and --version end the parse: the flags before them are checked one by one, but
     * combinations only when the command will run (found by this fuzzer: '--features 4096
     * --batch 4596 --version' prints the version). */
    if (!o->help && o->command != CLI_VERSION)
        require((double)d->batch * d->features <= 16777216.0, "batch x features", "");
    require(d->act == MODEL_RELU || d->act == MODEL_LINEAR, "activation", "");
    require(d->kind >= MODEL_TIED && d->kind < MODEL_KIND_COUNT, "model kind", "");
    if (!o->help && o->command != CLI_VERSION)
        require(d->kind == MODEL_TIED || d->act == MODEL_RELU, "--linear with a model with neurons",
                "");
    require(o->steps >= 1 && o->steps <= 1000000000L, "steps range", "");
    require(o->threads >= 0 && o->threads <= 256, "threads range", "");
    require(o->instances >= 1 && o->instances <= 1024, "instances range", "");
    require(o->speed == 0.0 || (o->speed >= 1.0 && o->speed <= 1e6),
            "speed range", "");
    /* String options point into argv, never at a copy that could dangle. */
    for (int k = 0; k < 2; k++) {
        const char *s = k ? o->out_dir : o->screenshot_dir;
        if (!s)
            continue;
        require(*s != '\0', "empty directory accepted", "");
        int found = 0;
        for (int a = 1; a < argc && !found; a++)
            found = s >= argv[a] && s <= argv[a] + strlen(argv[a]);
        require(found, "directory does not point into argv", "");
    }
    require(cli_usage(o->command) != NULL, "usage text", "");
}

/* libFuzzer's entry point, called by its own main(). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *argv[MAX_ARGS + 1] = { "superpose" };
    int argc = 1;
    /* Each argument in its own allocation, so reading past its end is an ASan report. */
    size_t start = 0;
    for (size_t i = 0; i <= size && argc < MAX_ARGS; i++) {
        if (i < size && data[i] != '\0')
            continue;
        size_t len = i - start;
        char *arg = malloc(len + 1);
        if (!arg)
            abort();
        memcpy(arg, data + start, len);
        arg[len] = '\0';
        argv[argc++] = arg;
        start = i + 1;
    }
    argv[argc] = NULL;

    struct cli_options o;
    char err[512];
    memset(err, 0x7f, sizeof err);
    int rc = cli_parse(argc, argv, &o, err, sizeof err);
    require(rc == 0 || rc == 2, "result is neither 0 nor 2", "");
    if (rc == 2) {
        size_t len = strnlen(err, sizeof err);
        require(len < sizeof err, "message not terminated", "");
        require(len > 0, "empty message", err);
        for (size_t k = 0; k < len; k++)
            require((unsigned char)err[k] >= 0x20 && err[k] != 0x7f,
                    "message holds a control character (newline, escape, ...)", err);
    } else {
        check_accepted(&o, argv, argc);
    }
    for (int a = 1; a < argc; a++)
        free(argv[a]);
    return 0;
}
