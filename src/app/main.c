/* superpose: a live view of Anthropic's "Toy Models of Superposition" (Elhage et al., 2022). */
#include <stdio.h>

#include "bench.h"
#include "cli.h"
#include "figures.h"
#include "output.h"
#include "record.h"
#include "saecmd.h"
#include "sweepcmd.h"
#include "train.h"
#include "views.h"
#include "window.h"

static int run(const struct cli_options *o)
{
    if (o->help) {
        fputs(cli_usage(o->command), stdout);
        return 0;
    }
    switch (o->command) {
    case CLI_WINDOW:
        return window_run(o);
    case CLI_TRAIN:
        return train_run(o);
    case CLI_BENCH:
        return bench_run(o);
    case CLI_SAE:
        return saecmd_run(o);
    case CLI_RECORD:
        return record_run(o);
    case CLI_SWEEP:
        return sweepcmd_run(o);
    case CLI_FIGURES:
        return figures_run(o);
    case CLI_VERSION:
        puts("superpose " SUPERPOSE_VERSION);
        return 0;
    case CLI_HELP:
    default:
        fputs(cli_usage(CLI_HELP), stdout);
        return 0;
    }
}

int main(int argc, char **argv)
{
    output_hold_closed_fds();
    struct cli_options o;
    char err[512];
    cli_set_views(views_names());
    if (cli_parse(argc, argv, &o, err, sizeof err) != 0) {
        fprintf(stderr, "superpose: %s\n", err);
        return 2;
    }
    return output_finish(run(&o));
}
