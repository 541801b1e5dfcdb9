/* The files written for installation say what the program's tables say: the man page has
 * every command's flags with the text --help gives them (that command's ranges and defaults)
 * under that command's heading, and every key of the help overlay with its slider's range; the
 * completion offers each command exactly its own flags; the icon draws the default model's
 * learned vectors, a pentagon, in the main view's colours on the window's background. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "check.h"
#include "cli.h"
#include "completion.h"
#include "controls.h"
#include "draw/prim.h"
#include "draw/vectors.h"
#include "icon.h"
#include "manpage.h"

typedef bool (*writer)(FILE *f, const void *arg);

static char *written(writer w, const void *arg)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    bool ok = w(f, arg);
    fclose(f);
    if (!ok) {
        free(buf);
        return NULL;
    }
    return buf;
}

static bool man(FILE *f, const void *version)
{
    return manpage_write(f, version);
}

static bool bash(FILE *f, const void *unused)
{
    (void)unused;
    return completion_write_bash(f);
}

static bool svg(FILE *f, const void *ic)
{
    return icon_write_svg(ic, f);
}

/* The page's words as a reader sees them: font changes and zero-width escapes dropped, \- and
 * \e as the characters they stand for. */
static void unroff(char *s)
{
    static const struct {
        const char *from, *to;
    } map[] = { { "\\&", "" }, { "\\fB", "" }, { "\\fR", "" }, { "\\fI", "" }, { "\\-", "-" },
                { "\\e", "\\" } };
    char *o = s;
    while (*s) {
        size_t k = 0;
        while (k < sizeof map / sizeof map[0] && strncmp(s, map[k].from, strlen(map[k].from)))
            k++;
        if (k < sizeof map / sizeof map[0]) {
            s += strlen(map[k].from);
            for (const char *t = map[k].to; *t; t++)
                *o++ = *t;
        } else {
            *o++ = *s++;
        }
    }
    *o = '\0';
}

/* The line after "\n<tag>\n" from `from` on, or NULL. */
static const char *after_line(const char *from, const char *tag)
{
    size_t n = strlen(tag);
    for (const char *p = from; (p = strstr(p, tag)) != NULL; p += n)
        if (p > from && p[-1] == '\n' && p[n] == '\n')
            return p + n + 1;
    return NULL;
}

static bool line_is(const char *line, const char *want)
{
    size_t n = strlen(want);
    return line && strncmp(line, want, n) == 0 && line[n] == '\n';
}

static void check_manpage(void)
{
    char *page = written(man, "9.8.7");
    CHECK(page != NULL, "manpage_write failed");
    if (!page)
        return;
    unroff(page);
    CHECK(strstr(page, ".TH SUPERPOSE 1 \"\" \"superpose 9.8.7\"") != NULL, "title line");
    int flags = 0;
    for (int c = CLI_WINDOW; c <= CLI_VERSION; c++) {
        struct cli_command_doc d;
        cli_command_doc((enum cli_command)c, &d);
        char heading[64];
        snprintf(heading, sizeof heading, ".SS %s%s", *d.name ? "superpose " : "The window: ",
                 *d.name ? d.name : "superpose");
        const char *section = after_line(page, heading);
        struct cli_flag_doc fl;
        for (int i = 0; cli_flag_doc((enum cli_command)c, i, &fl); i++, flags++) {
            char tag[96];
            snprintf(tag, sizeof tag, "--%s%s%s", fl.name, fl.metavar ? " " : "",
                     fl.metavar ? fl.metavar : "");
            /* The page says what --help says. */
            CHECK(strstr(cli_usage((enum cli_command)c), fl.text) != NULL,
                  "--%s's text '%s' is not in --help", fl.name, fl.text);
            const char *text = section ? after_line(section, tag) : NULL;
            CHECK(line_is(text, fl.text), "%s: '%s' under '%s'", tag, fl.text, heading);
            const char *next = strstr(section ? section : page, "\n.SS ");
            CHECK(!text || !next || text < next, "%s is not under '%s'", tag, heading);
        }
    }
    CHECK(flags > 20, "only %d flags", flags);
    const char *keys, *what;
    int rows = 0;
    for (; controls_help_row(rows, &keys, &what); rows++) {
        const char *line = after_line(strstr(page, "\n.SH KEYS\n"), keys);
        CHECK(line && strncmp(line, what, strlen(what)) == 0, "key %s: %s", keys, what);
        int k = controls_help_slider(rows);
        if (k < 0 || !line)
            continue;
        char range[160], want[200];
        settings_slider_range(controls_slider_setting((enum controls_slider)k), range,
                              sizeof range);
        snprintf(want, sizeof want, "%s; the slider: %s\n", what, range);
        CHECK(strncmp(line, want, strlen(want)) == 0, "key %s: no '%s'", keys, want);
    }
    CHECK(rows > 10, "only %d key rows", rows);
    free(page);
}

/* The completion's word list for a command: "    train) words='...'" ("*)" for the window). */
static void check_completion(void)
{
    char *script = written(bash, NULL);
    CHECK(script != NULL, "completion_write_bash failed");
    if (!script)
        return;
    for (int c = CLI_WINDOW; c <= CLI_VERSION; c++) {
        struct cli_command_doc d;
        cli_command_doc((enum cli_command)c, &d);
        char head[64];
        snprintf(head, sizeof head, "\n    %s) words='", *d.name ? d.name : "*");
        const char *p = strstr(script, head);
        CHECK(p != NULL, "no word list for '%s'", d.name);
        if (!p)
            continue;
        p += strlen(head);
        const char *end = strchr(p, '\'');
        char words[1024];
        snprintf(words, sizeof words, " %.*s ", (int)(end - p), p);
        struct cli_flag_doc fl;
        int count = 0, want = 2;   /* --help and --version */
        for (int i = 0; cli_flag_doc((enum cli_command)c, i, &fl); i++, want++) {
            char w[80];
            snprintf(w, sizeof w, " --%s ", fl.name);
            CHECK(strstr(words, w) != NULL, "'%s' completes without %s", d.name, w);
        }
        for (const char *q = words; (q = strstr(q, " --")) != NULL; q++)
            count++;
        CHECK(count == want, "'%s' completes %d flags, it takes %d", d.name, count, want);
        if (*d.name) {
            char w[64];
            snprintf(w, sizeof w, " %s", d.name);
            const char *cmds = strstr(script, "words='train");
            const char *eol = cmds ? strchr(cmds, '\n') : NULL;
            const char *at = cmds ? strstr(cmds, w) : NULL;
            CHECK(c == CLI_TRAIN || (at && at < eol), "command '%s' does not complete", d.name);
        }
    }
    free(script);
}

static bool near_colour(Uint32 px, const SDL_PixelFormat *fmt, SDL_Color want, int tol)
{
    Uint8 r, g, b, a;
    SDL_GetRGBA(px, fmt, &r, &g, &b, &a);
    return abs(r - want.r) <= tol && abs(g - want.g) <= tol && abs(b - want.b) <= tol &&
           abs(a - want.a) <= tol;
}

static Uint32 pixel(SDL_Surface *s, float x, float y)
{
    int px = (int)(x * (float)s->w), py = (int)(y * (float)s->h);
    return ((Uint32 *)((Uint8 *)s->pixels + py * s->pitch))[px];
}

static void check_icon(void)
{
    struct icon ic;
    char err[256];
    CHECK(icon_build(&ic, err, sizeof err), "icon_build: %s", err);
    /* The vectors as drawn: a line from the centre and a dot at each tip. */
    float tip[ICON_SHAPES_MAX][2];
    SDL_Color colour[ICON_SHAPES_MAX];
    int n = 0;
    for (int i = 0; i < ic.count; i++)
        if (ic.shape[i].kind == ICON_DISC) {
            tip[n][0] = ic.shape[i].x0, tip[n][1] = ic.shape[i].y0;
            colour[n++] = ic.shape[i].c;
        }
    CHECK(n == ic.represented && n == 5, "%d vectors drawn, %d represented; a pentagon has 5",
          n, ic.represented);
    if (n != 5)
        return;
    /* Drawn least important first: the last is feature 0, yellow, pointing up. */
    CHECK(colour[4].r == view_vectors_colour(0, 5, 255).r &&
              colour[0].b == view_vectors_colour(4, 5, 255).b,
          "colours are not the main view's viridis by importance");
    CHECK(fabsf(tip[4][0] - 0.5f) < 1e-4f && tip[4][1] < 0.3f, "feature 0 at (%g, %g)",
          tip[4][0], tip[4][1]);
    /* Pentagon: the angles between neighbouring tips are within 5 degrees of 72. */
    double angle[5];
    for (int i = 0; i < 5; i++)
        angle[i] = atan2(0.5 - tip[i][1], tip[i][0] - 0.5) * 180 / M_PI;
    for (int i = 0; i < 5; i++) {
        double best = 360;
        for (int j = 0; j < 5; j++) {
            double g = fmod(angle[j] - angle[i] + 720, 360);
            if (j != i && g < best)
                best = g;
        }
        CHECK(fabs(best - 72) < 5, "gap after vector %d is %.1f degrees", i, best);
    }

    SDL_Surface *s = icon_render(&ic, 64, err, sizeof err);
    CHECK(s != NULL, "icon_render: %s", err);
    if (s) {
        CHECK(near_colour(pixel(s, 0, 0), s->format, (SDL_Color){ 0, 0, 0, 0 }, 0),
              "the corner outside the plate is not transparent");
        CHECK(near_colour(pixel(s, 0.5f, 0.93f), s->format, prim_rgba(0x14161c, 255), 2),
              "the plate is not the window's background");
        CHECK(near_colour(pixel(s, tip[4][0], tip[4][1]), s->format, colour[4], 3),
              "feature 0's dot is not its colour");
        SDL_FreeSurface(s);
    }
    char *text = written(svg, &ic);
    CHECK(text && strstr(text, "fill=\"#14161c\"") && strstr(text, "stroke=\"#fde725\""),
          "the SVG lacks the background or viridis yellow");
    int elements = 0;
    for (const char *p = text; p && (p = strstr(p, "/>")) != NULL; p++)
        elements++;
    CHECK(elements == ic.count, "SVG has %d elements for %d shapes", elements, ic.count);
    free(text);
}

int main(void)
{
    check_manpage();
    check_completion();
    check_icon();
    return check_result("test_docs");
}
