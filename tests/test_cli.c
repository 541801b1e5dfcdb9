/* Every flag's bad values give exit status 2 and a message naming the flag; good ones parse. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "cli.h"
#include "settings.h"

struct bad {
    const char *args[8];
    const char *needle; /* must appear in the message */
};

static const struct bad bad_cases[] = {
    { { "train", "--model", "relu" }, "--model" },
    { { "train", "--model", "abs", "--linear" }, "--linear" },
    { { "sae", "--model", "abs" }, "--model" },
    { { "train", "--features", "0" }, "--features" },
    { { "train", "--features", "-3" }, "--features" },
    { { "train", "--features", "4097" }, "--features" },
    { { "train", "--features", "99999999999999999999" }, "--features" },
    { { "train", "--features", "5x" }, "--features" },
    { { "train", "--features", "" }, "--features" },
    { { "train", "--features", "2.5" }, "--features" },
    { { "train", "--hidden", "0" }, "--hidden" },
    { { "train", "--hidden", "257" }, "--hidden" },
    { { "train", "--density", "0" }, "--density" },
    { { "train", "--density", "1.5" }, "--density" },
    { { "train", "--density", "-0.1" }, "--density" },
    { { "train", "--density", "nan" }, "--density" },
    { { "train", "--density", "abc" }, "--density" },
    { { "train", "--sparsity", "1" }, "--sparsity" },
    { { "train", "--sparsity", "-0.5" }, "--sparsity" },
    { { "train", "--density", "0.1", "--sparsity", "0.9" }, "--density and --sparsity" },
    { { "train", "--sparsity", "0.9", "--density", "0.1" }, "--density and --sparsity" },
    { { "train", "--decay", "0" }, "--decay" },
    { { "train", "--decay", "1.01" }, "--decay" },
    { { "train", "--decay", "inf" }, "--decay" },
    { { "train", "--lr", "0" }, "--lr" },
    { { "train", "--lr", "-1e-3" }, "--lr" },
    { { "train", "--lr", "inf" }, "--lr" },
    { { "train", "--lr", "nan" }, "--lr" },
    { { "train", "--lr", "1e400" }, "--lr" },
    { { "train", "--batch", "0" }, "--batch" },
    { { "train", "--batch", "65537" }, "--batch" },
    { { "train", "--batch", "65536", "--features", "4096" }, "batch x features" },
    { { "train", "--steps", "0" }, "--steps" },
    { { "train", "--steps", "-5" }, "--steps" },
    { { "train", "--steps", "1e3" }, "--steps" },
    { { "train", "--seed", "-1" }, "--seed" },
    { { "train", "--seed", "18446744073709551616" }, "--seed" },
    { { "train", "--seed", "x" }, "--seed" },
    { { "train", "--threads", "0" }, "--threads" },
    { { "train", "--instances", "0" }, "--instances" },
    { { "train", "--steps" }, "--steps needs a value" },
    { { "train", "--json=1" }, "--json takes no value" },
    { { "train", "--bogus" }, "--bogus" },
    { { "train", "--features", "5", "--features", "6" }, "twice" },
    { { "train", "stray" }, "stray" },
    { { "frobnicate" }, "frobnicate" },
    { { "--speed", "0" }, "--speed" },
    { { "--speed", "2e6" }, "--speed" },
    { { "--speed", "fast" }, "--speed" },
    { { "--seeds", "1" }, "--seeds" },
    { { "--seeds", "33" }, "--seeds" },
    { { "--seeds", "8.5" }, "--seeds" },
    { { "train", "--seeds", "8" }, "--seeds" },
    { { "--screenshot-dir", "" }, "--screenshot-dir" },
    { { "--json" }, "--json" },
    { { "--features", "513" }, "from 1 to 512" },
    { { "--hidden", "65" }, "--hidden 65: the window's slider goes from 1 to 64" },
    { { "--density", "0.0005" }, "--density" },
    { { "--sparsity", "0.9995" }, "--sparsity 0.9995: the window's slider goes from 0 to 0.999" },
    { { "--decay", "0.4" }, "--decay" },
    { { "--lr", "0.5" }, "--lr" },
    { { "--lr", "0.00005" }, "--lr" },
    { { "train", "--speed", "10" }, "--speed" },
    { { "figures", "--out" }, "--out" },
    { { "figures", "--features", "5" }, "--features" },
    { { "figures", "--steps", "0" }, "--steps" },
};

static int run(const char *const *args, struct cli_options *o, char *err, size_t len)
{
    char *argv[16] = { "superpose" };
    int argc = 1;
    for (; argc < 15 && args[argc - 1]; argc++)
        argv[argc] = (char *)args[argc - 1];
    err[0] = '\0';
    return cli_parse(argc, argv, o, err, len);
}

int main(void)
{
    struct cli_options o;
    char err[512];
    for (size_t k = 0; k < sizeof bad_cases / sizeof bad_cases[0]; k++) {
        const struct bad *b = &bad_cases[k];
        int rc = run(b->args, &o, err, sizeof err);
        CHECK(rc == 2, "case %zu (%s %s): rc %d", k, b->args[0], b->args[1] ? b->args[1] : "", rc);
        CHECK(strstr(err, b->needle) != NULL, "case %zu: message '%s' lacks '%s'", k, err, b->needle);
        CHECK(strchr(err, '\n') == NULL, "case %zu: message is not one line", k);
    }

    const char *defaults[] = { "train", NULL };
    CHECK(run(defaults, &o, err, sizeof err) == 0 && o.command == CLI_TRAIN, "plain train");
    CHECK(o.desc.features == 5 && o.desc.hidden == 2 && o.desc.density == 0.02 &&
              o.desc.decay == 0.9 && o.desc.lr == 1e-3 && o.desc.batch == 1024 &&
              o.steps == 10000 && o.desc.act == MODEL_RELU && !o.json,
          "train defaults");

    /* No --preset is zero, as in the options the bench and the tests write out themselves. */
    const char *no_preset[] = { "--features", "6", NULL };
    CHECK(run(no_preset, &o, err, sizeof err) == 0 && o.preset == CLI_PRESET_NONE &&
              CLI_PRESET_NONE == 0, "no --preset: preset %d", (int)o.preset);
    const char *dims[] = { "--preset", "dimensionality", NULL };
    CHECK(run(dims, &o, err, sizeof err) == 0 && o.preset == CLI_PRESET_DIMENSIONALITY,
          "--preset dimensionality: preset %d (%s)", (int)o.preset, err);

    const char *full[] = { "train", "--sparsity=0.95", "--linear", "--seed", "18446744073709551615", NULL };
    CHECK(run(full, &o, err, sizeof err) == 0, "full: %s", err);
    CHECK(o.desc.density > 0.0499 && o.desc.density < 0.0501 && o.desc.act == MODEL_LINEAR &&
              o.desc.seed == UINT64_MAX, "sparsity, linear and seed applied");

    const char *window_edges[] = { "--features", "32", "--density", "0.001", "--decay", "0.5", NULL };
    CHECK(run(window_edges, &o, err, sizeof err) == 0, "window slider ends accepted: %s", err);
    const char *train_big[] = { "train", "--features", "33", "--lr", "0.5", NULL };
    CHECK(run(train_big, &o, err, sizeof err) == 0, "train takes what the window refuses: %s", err);

    const char *window[] = { "--speed", "max", "--paused", "--screenshot-dir", "/tmp", "--seeds",
                             "32", NULL };
    CHECK(run(window, &o, err, sizeof err) == 0 && o.command == CLI_WINDOW && o.speed == 0.0 &&
              o.seeds == 32 &&
              o.paused && strcmp(o.screenshot_dir, "/tmp") == 0, "window flags: %s", err);

    const char *edges[] = { "train", "--density", "1", "--decay", "1", "--lr", "1", NULL };
    CHECK(run(edges, &o, err, sizeof err) == 0, "closed ends accepted: %s", err);

    const char *preview[] = { "figures", "--steps", "50", "--out", "/tmp", NULL };
    CHECK(run(preview, &o, err, sizeof err) == 0 && o.steps == 50 && o.command == CLI_FIGURES,
          "figures --steps: %s", err);

    /* Every message about a range is written from the settings table: a value past each
     * row's top names that top and the row's own range text. */
    for (int id = 0; id < SETTINGS_COUNT; id++) {
        const struct settings_row *r = &settings_table[id];
        if (r->kind == SETTINGS_U64)
            continue;
        char value[64], want[192], top[32];
        snprintf(value, sizeof value, "%.17g", r->cli.hi_open ? r->cli.hi : r->cli.hi * 2 + 1);
        settings_expected(id, want, sizeof want);
        settings_number(r->cli.hi, top, sizeof top);
        char flag[40], listed[48];
        snprintf(flag, sizeof flag, "--%s", r->name);
        snprintf(listed, sizeof listed, "%s ", flag);
        const bool on_train = strstr(cli_usage(CLI_TRAIN), listed) != NULL;
        const bool on_window = strstr(cli_usage(CLI_HELP), listed) != NULL;
        const bool on_record = strstr(cli_usage(CLI_RECORD), listed) != NULL;
        const bool on_sweep = strstr(cli_usage(CLI_SWEEP), listed) != NULL;
        /* a flag of the window alone is given to the window */
        const bool window_only = on_window && !on_train && !on_record && !on_sweep &&
                                 !strstr(cli_usage(CLI_SAE), listed);
        const char *command = window_only ? flag
                              : on_train  ? "train"
                              : on_record ? "record"
                              : on_sweep  ? "sweep"
                                          : "sae";
        const char *args[] = { command, NULL, NULL, NULL };
        if (window_only) {
            args[1] = value;
        } else {
            args[1] = flag;
            args[2] = value;
        }
        CHECK(run(args, &o, err, sizeof err) == 2 && strstr(err, flag) && strstr(err, want) &&
                  strstr(err, top), "--%s %s: '%s' lacks '%s' or '%s'", r->name, value, err,
              want, top);
        if (!settings_window_narrower(id) || !on_window)
            continue;
        /* The window refuses what its slider cannot show, naming the slider's ends. */
        struct settings_range w = settings_window(id);
        char lo[32], hi[32], outside[64];
        settings_number(w.lo, lo, sizeof lo);
        settings_number(w.hi, hi, sizeof hi);
        snprintf(outside, sizeof outside, "%.17g",
                 w.lo > r->cli.lo ? (w.lo + r->cli.lo) / 2 : (w.hi + r->cli.hi) / 2);
        const char *win[] = { flag, outside, NULL };
        CHECK(run(win, &o, err, sizeof err) == 2 && strstr(err, flag) && strstr(err, lo) &&
                  strstr(err, hi) && strstr(err, "window"), "window %s %s: '%s'", flag, outside,
              err);
    }

    /* The defaults come from the same table. */
    const char *plain[] = { "train", NULL };
    run(plain, &o, err, sizeof err);
    CHECK(o.steps == (long)settings_table[SETTINGS_STEPS].def &&
              o.instances == (int)settings_table[SETTINGS_INSTANCES].def && o.threads == 0 &&
              o.speed == settings_table[SETTINGS_SPEED].def &&
              1 - o.desc.density == settings_table[SETTINGS_SPARSITY].def,
          "defaults differ from the settings table");

    /* --help lists each command's flags with the range that command takes. */
    const char *train_usage = cli_usage(CLI_TRAIN), *window_usage = cli_usage(CLI_HELP);
    char brief[64];
    settings_range_brief(SETTINGS_FEATURES, &settings_table[SETTINGS_FEATURES].cli, brief,
                         sizeof brief);
    CHECK(strstr(train_usage, "--features N") && strstr(train_usage, brief) &&
              strstr(train_usage, "--json"), "train usage: %s", train_usage);
    struct settings_range fw = settings_window(SETTINGS_FEATURES);
    settings_range_brief(SETTINGS_FEATURES, &fw, brief, sizeof brief);
    CHECK(strstr(window_usage, brief) && strstr(window_usage, "--speed X") &&
              strstr(window_usage, "--paused") && !strstr(window_usage, "--instances"),
          "window usage: %s", window_usage);
    CHECK(strstr(cli_usage(CLI_FIGURES), "--out DIR") && strstr(cli_usage(CLI_BENCH), "--quick"),
          "figures or bench usage");

    /* sae: train's flags, the SAE's own with their defaults, the choices, the values
     * checked against each other, and --sae-only refused with its reason. */
    const char *sae_plain[] = { "sae", "--steps", "100", "--json", NULL };
    CHECK(run(sae_plain, &o, err, sizeof err) == 0 && o.command == CLI_SAE && o.steps == 100 &&
              o.json && o.sae.latents == 0 && o.sae.l1 == settings_table[SETTINGS_L1].def &&
              o.sae.topk == 1 && o.sae_steps == 10000 && o.sae.kind == SAE_RELU &&
              o.sae.resample == SAE_RESAMPLE_SIMPLE, "sae defaults: %s", err);
    const char *sae_all[] = { "sae", "--kind", "topk", "--topk", "3", "--latents", "20",
                              "--resample", "none", "--sae-steps", "7", NULL };
    CHECK(run(sae_all, &o, err, sizeof err) == 0 && o.sae.kind == SAE_TOPK && o.sae.topk == 3 &&
              o.sae.latents == 20 && o.sae.resample == SAE_RESAMPLE_NONE && o.sae_steps == 7,
          "sae flags: %s", err);
    const struct {
        const char *args[6];
        const char *says;
    } sae_bad[] = {
        { { "sae", "--kind", "jumprelu" }, "one of relu, topk" },
        { { "sae", "--resample", "ghost" }, "one of simple, none" },
        { { "sae", "--latents", "21" }, "at most 4 x features = 20" },
        { { "sae", "--features", "6", "--latents", "25" }, "= 24" },
        { { "sae", "--kind", "topk", "--l1", "0.5" }, "no l1 term" },
        { { "sae", "--topk", "2" }, "--kind topk" },
        { { "sae", "--kind", "topk", "--topk", "6" }, "at most the latents" },
        { { "sae", "--sae-only" }, "refused" },
        { { "sae", "--correlated", "0-1" }, "not a flag of 'sae'" },
        { { "train", "--kind", "topk" }, "not a flag of 'train'" },
    };
    for (size_t k = 0; k < sizeof sae_bad / sizeof sae_bad[0]; k++)
        CHECK(run(sae_bad[k].args, &o, err, sizeof err) == 2 && strstr(err, sae_bad[k].says) &&
                  !strchr(err, '\n'), "%s %s: '%s' lacks '%s'", sae_bad[k].args[1],
              sae_bad[k].args[2] ? sae_bad[k].args[2] : "", err, sae_bad[k].says);
    CHECK(strstr(cli_usage(CLI_SAE), "--kind relu|topk") &&
              !strstr(cli_usage(CLI_SAE), "sae-only"),
          "sae usage: %s", cli_usage(CLI_SAE));

    const char *help[] = { "train", "--help", NULL };
    CHECK(run(help, &o, err, sizeof err) == 0 && o.help && o.command == CLI_TRAIN, "train --help");
    return check_result("test_cli");
}
