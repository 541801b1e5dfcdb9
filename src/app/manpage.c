#include "manpage.h"

#include <ctype.h>
#include <string.h>

#include "cli.h"
#include "controls.h"
#include "settings.h"

/* Text as man(7) reads it: a backslash is \e, every '-' is \- (so that flags copied from the
 * rendered page are ASCII), and a line starting with '.' or '\'' is not a request. A trailing
 * newline is dropped; the caller ends the line. */
static void text(FILE *f, const char *s)
{
    size_t n = strlen(s);
    if (n > 0 && s[n - 1] == '\n')
        n--;
    bool start = true;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (start && (c == '.' || c == '\''))
            fputs("\\&", f);
        if (c == '\\')
            fputs("\\e", f);
        else if (c == '-')
            fputs("\\-", f);
        else
            fputc(c, f);
        start = c == '\n';
    }
}

static void line(FILE *f, const char *s)
{
    text(f, s);
    fputc('\n', f);
}

/* "open the live window" as a sentence: "Open the live window." */
static void sentence(FILE *f, const char *s)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s.", s);
    buf[0] = (char)toupper((unsigned char)buf[0]);
    line(f, buf);
}

static const char *const description[] = {
    "superpose trains the toy model of Elhage et al., \"Toy Models of Superposition\" "
    "(Anthropic, 2022), with the paper's recipe on a background thread and draws the learned "
    "feature vectors every frame. Each feature i is a line from the origin to its vector W_i, "
    "coloured by importance (yellow most important, purple least).",
    "With the defaults, n = 5 features that are each active 2% of the time must share m = 2 "
    "hidden dimensions; the model usually stores all five as directions spaced like the corners "
    "of a pentagon and filters the interference with its ReLU. The keys below move the "
    "sparsity, the feature count, the importance and the learning rate while it trains, and "
    "switch to the paper's comparisons.",
    "The commands train, record, figures and bench need no display.",
};

/* "superpose train [flags]" in bold and italic, as a synopsis writes it. */
static void usage(FILE *f, enum cli_command c)
{
    struct cli_command_doc d;
    struct cli_flag_doc fl;
    cli_command_doc(c, &d);
    fputs("\\fBsuperpose", f);
    if (*d.name) {
        fputc(' ', f);
        text(f, d.name);
    }
    fputs(cli_flag_doc(c, 0, &fl) ? "\\fR [\\fIflags\\fR]\n" : "\\fR\n", f);
}

static void commands_section(FILE *f)
{
    fputs(".SH SYNOPSIS\n", f);
    for (int c = CLI_WINDOW; c <= CLI_VERSION; c++) {
        fputs(c == CLI_WINDOW ? "" : ".br\n", f);
        usage(f, (enum cli_command)c);
    }
    fputs(".SH DESCRIPTION\n", f);
    for (size_t i = 0; i < sizeof description / sizeof description[0]; i++) {
        fputs(i ? ".PP\n" : "", f);
        line(f, description[i]);
    }
    fputs(".SH COMMANDS\n", f);
    for (int c = CLI_WINDOW; c <= CLI_VERSION; c++) {
        struct cli_command_doc d;
        cli_command_doc((enum cli_command)c, &d);
        fputs(".TP\n", f);
        usage(f, (enum cli_command)c);
        if (d.about)
            line(f, d.about);
        else
            sentence(f, d.summary);
    }
}

/* Each command's flags as its --help lists them, with the range that command takes. */
static void options_section(FILE *f)
{
    fputs(".SH OPTIONS\n", f);
    line(f, "Every command takes --help (its flags) and --version. A value may follow its flag "
            "as the next word or after '='. A value outside its range is refused with one line "
            "naming the flag and the range, and exit status 2.");
    for (int c = CLI_WINDOW; c <= CLI_VERSION; c++) {
        struct cli_command_doc d;
        cli_command_doc((enum cli_command)c, &d);
        struct cli_flag_doc fl;
        if (!cli_flag_doc((enum cli_command)c, 0, &fl))
            continue;
        fputs(c == CLI_WINDOW ? ".SS The window: superpose\n" : ".SS superpose ", f);
        if (c != CLI_WINDOW)
            line(f, d.name);
        for (int i = 0; cli_flag_doc((enum cli_command)c, i, &fl); i++) {
            fputs(".TP\n\\fB\\-\\-", f);
            text(f, fl.name);
            fputs("\\fR", f);
            if (fl.metavar) {
                fputs(" \\fI", f);
                text(f, fl.metavar);
                fputs("\\fR", f);
            }
            fputc('\n', f);
            line(f, fl.text);
        }
    }
}

/* The key table, and for a key that moves a slider the slider's range. */
static void keys_section(FILE *f)
{
    fputs(".SH KEYS\n", f);
    line(f, "In the window (H or F1 shows the same list over it):");
    const char *keys, *what;
    for (int i = 0; controls_help_row(i, &keys, &what); i++) {
        fputs(".TP\n\\fB", f);
        text(f, keys);
        fputs("\\fR\n", f);
        text(f, what);
        int k = controls_help_slider(i);
        if (k >= 0) {
            char range[160];
            settings_slider_range(controls_slider_setting((enum controls_slider)k), range,
                                  sizeof range);
            fputs("; the slider: ", f);
            text(f, range);
        }
        fputc('\n', f);
    }
    fputs(".PP\n", f);
    line(f, "The sliders can also be dragged with the mouse. A key that would move a slider "
            "past its end says so on screen.");
}

static const char *const tail =
    ".SH EXIT STATUS\n"
    "0 on success; 1 when a run fails (training diverged, a file could not be written, the "
    "window could not open), with a message on standard error saying why; 2 for a bad command "
    "line, with one line naming the flag or word and what it takes.\n"
    ".SH FILES\n"
    "S in the window saves the picture as superpose\\-YYYYmmdd\\-HHMMSS.png in the "
    "\\fB\\-\\-screenshot\\-dir\\fR (the current directory by default), never overwriting a "
    "file. \\fBsuperpose figures\\fR writes its PNG files into \\fB\\-\\-out\\fR. Nothing else "
    "is written; there is no configuration file.\n"
    ".SH SEE ALSO\n"
    "Nelson Elhage et al., \"Toy Models of Superposition\", Transformer Circuits Thread, 2022: "
    "https://transformer\\-circuits.pub/2022/toy_model/index.html\n";

bool manpage_write(FILE *f, const char *version)
{
    fputs(".\\\" superpose(1), written by superpose-docgen from the program's tables: edit\n"
          ".\\\" src/app/cli.c, settings.c or controls.c rather than this page.\n", f);
    fputs(".TH SUPERPOSE 1 \"\" \"superpose ", f);
    text(f, version);
    /* No hyphenation: flags, file names and the paper's address stay whole. */
    fputs("\" \"User Commands\"\n.nh\n.SH NAME\n", f);
    fputs("superpose \\- a live view of Anthropic's toy models of superposition\n", f);
    commands_section(f);
    options_section(f);
    keys_section(f);
    fputs(tail, f);
    return fflush(f) == 0 && !ferror(f);
}
