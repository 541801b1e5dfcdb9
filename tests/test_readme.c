/* README.md agrees with the program's own tables: its key table has the key table's rows in
 * the key table's order, each slider row naming its slider's range; every flag it names is one
 * the program takes, every flag with a number is named, and each range, example value and
 * default it states after a flag is the settings table's. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cli.h"
#include "controls.h"
#include "settings.h"

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0, n;
    char chunk[4096];
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (len + n + 1 > cap) {
            cap = (len + n + 1) * 2;
            char *grown = realloc(buf, cap);
            if (!grown) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = grown;
        }
        memcpy(buf + len, chunk, n);
        len += n;
    }
    fclose(f);
    if (buf)
        buf[len] = '\0';
    return buf;
}

/* A number as the README writes one: 0.001, 65536, 10^6. The whole of [s, end) must be it. */
static bool number(const char *s, const char *end, double *v)
{
    char word[64];
    size_t n = (size_t)(end - s);
    if (n == 0 || n >= sizeof word)
        return false;
    memcpy(word, s, n);
    word[n] = '\0';
    char *e;
    *v = strtod(word, &e);
    if (e == word)
        return false;
    if (*e == '^') {
        char *e2;
        double power = strtod(e + 1, &e2);
        if (e2 == e + 1 || *v != 10)
            return false;
        *v = pow(10, power);
        e = e2;
    }
    return *e == '\0';
}

static bool same(double a, double b)
{
    return fabs(a - b) <= 1e-12 * fmax(fabs(a), fabs(b));
}

static bool word_char(char c)
{
    return c && !isspace((unsigned char)c) && !strchr(",;()|`", c);
}

/* The first "A to B" in [s, end) with numbers on both sides. */
static bool find_to(const char *s, const char *end, double *a, double *b)
{
    for (const char *p = s; p + 4 <= end; p++) {
        if (strncmp(p, " to ", 4) != 0)
            continue;
        const char *a0 = p;
        while (a0 > s && word_char(a0[-1]))
            a0--;
        const char *b1 = p + 4;
        while (b1 < end && word_char(*b1))
            b1++;
        if (number(a0, p, a) && number(p + 4, b1, b))
            return true;
    }
    return false;
}

/* A cell of a markdown table row, trimmed: the text between the k-th and (k+1)-th '|'. */
static bool cell(const char *line, const char *eol, int k, const char **s, const char **e)
{
    const char *p = line;
    for (int i = 0; i <= k; i++) {
        p = memchr(p, '|', (size_t)(eol - p));
        if (!p)
            return false;
        p++;
    }
    const char *q = memchr(p, '|', (size_t)(eol - p));
    if (!q)
        return false;
    while (p < q && *p == ' ')
        p++;
    while (q > p && q[-1] == ' ')
        q--;
    *s = p;
    *e = q;
    return true;
}

static void check_key_table(const char *readme)
{
    const char *t = strstr(readme, "\n| key | does |");
    CHECK(t != NULL, "README has no '| key | does |' table");
    if (!t)
        return;
    t = strchr(t + 1, '\n');   /* the header row */
    t = t ? strchr(t + 1, '\n') : NULL;   /* the |---| row */
    int row = 0;
    while (t && t[1] == '|') {
        const char *line = t + 1, *eol = strchr(line, '\n');
        if (!eol)
            eol = line + strlen(line);
        const char *ks, *ke, *ds, *de;
        const char *keys, *what;
        if (!cell(line, eol, 0, &ks, &ke) || !cell(line, eol, 1, &ds, &de)) {
            CHECK(0, "README key table row %d is not two cells: %.*s", row, (int)(eol - line), line);
            break;
        }
        if (!controls_help_row(row, &keys, &what)) {
            CHECK(0, "README key table row %d (%.*s) is not in the program's key table", row,
                  (int)(ke - ks), ks);
        } else {
            CHECK(strlen(keys) == (size_t)(ke - ks) && strncmp(keys, ks, (size_t)(ke - ks)) == 0,
                  "README key table row %d has keys '%.*s', the program '%s'", row,
                  (int)(ke - ks), ks, keys);
            int k = controls_help_slider(row);
            if (k >= 0) {
                enum settings_id id = controls_slider_setting(k);
                struct settings_range w = settings_window(id);
                const char *top = settings_table[id].window_top;
                if (top) {   /* a top that follows another value: "1 to 4n" */
                    char range[64];
                    snprintf(range, sizeof range, "%g to %s", w.lo, top);
                    bool stated = false;
                    for (const char *p = ds; p + strlen(range) <= de && !stated; p++)
                        stated = strncmp(p, range, strlen(range)) == 0 &&
                                 !word_char(p[strlen(range)]);
                    CHECK(stated, "README key row '%s' does not state '%s'", keys, range);
                } else {
                    double a, b;
                    bool found = find_to(ds, de, &a, &b);
                    CHECK(found && same(a, w.lo) && same(b, w.hi),
                          "README key row '%s' states %s%g to %g, the %s slider goes from %g "
                          "to %g", keys, found ? "" : "no range, not ", found ? a : 0,
                          found ? b : 0, settings_table[id].label, w.lo, w.hi);
                }
            }
        }
        row++;
        t = *eol ? eol : NULL;
    }
    const char *keys, *what;
    CHECK(!controls_help_row(row, &keys, &what), "README key table has %d rows; the program "
          "has more, the next is '%s'", row, keys);
}

static bool flag_known(const char *name, size_t len)
{
    const enum cli_command commands[] = { CLI_HELP, CLI_TRAIN, CLI_FIGURES, CLI_BENCH, CLI_SAE,
                                          CLI_RECORD, CLI_SWEEP };
    for (size_t c = 0; c < sizeof commands / sizeof commands[0]; c++)
        for (const char *p = cli_usage(commands[c]); (p = strstr(p, "--")) != NULL; p += 2)
            if (strncmp(p + 2, name, len) == 0 && !isalnum((unsigned char)p[2 + len]) &&
                p[2 + len] != '-')
                return true;
    return false;
}

/* An interval as the README writes one after "in ": (0, 1] or [0, 1). */
static bool interval(const char *s, struct settings_range *r)
{
    if (*s != '(' && *s != '[')
        return false;
    r->lo_open = *s == '(';
    char *e;
    r->lo = strtod(s + 1, &e);
    if (e == s + 1 || e[0] != ',' || e[1] != ' ')
        return false;
    const char *h = e + 2;
    r->hi = strtod(h, &e);
    if (e == h || (*e != ']' && *e != ')'))
        return false;
    r->hi_open = *e == ')';
    return true;
}

static void check_flags(const char *readme)
{
    bool named[SETTINGS_COUNT] = { 0 };
    for (const char *p = readme; (p = strstr(p, "`--")) != NULL; p += 3) {
        const char *name = p + 3, *n = name;
        while (islower((unsigned char)*n) || isdigit((unsigned char)*n) || *n == '-')
            n++;
        size_t len = (size_t)(n - name);
        CHECK(flag_known(name, len), "README names --%.*s, which no command's --help lists",
              (int)len, name);
        const char *close = strchr(n, '`');
        if (!close)
            break;
        int id = settings_find(name, len);
        if (id < 0)
            continue;
        named[id] = true;
        const struct settings_row *r = &settings_table[id];
        double v;
        /* An example value: `--hidden 3`. */
        if (*n == ' ' && number(n + 1, close, &v))
            CHECK(settings_in_range(&r->cli, v), "README's `--%s %g` is outside its range",
                  r->name, v);
        const char *after = close + 1;
        if (strncmp(after, " (", 2) == 0) {
            const char *end = strchr(after, ')');
            double a, b;
            if (end && find_to(after, end, &a, &b))
                CHECK(same(a, r->cli.lo) && same(b, r->cli.hi) && !r->cli.lo_open &&
                          !r->cli.hi_open,
                      "README gives --%s as %g to %g", r->name, a, b);
            const char *def = end ? strstr(after, "default ") : NULL;
            if (def && def < end) {
                char text[32];
                settings_default_text(id, text, sizeof text);
                CHECK(strncmp(def + 8, text, strlen(text)) == 0,
                      "README gives --%s's default as '%.*s', the program %s", r->name,
                      (int)(end - def - 8), def + 8, text);
            }
        } else if (strncmp(after, " in ", 4) == 0) {
            struct settings_range got;
            bool ok = interval(after + 4, &got);
            CHECK(ok && same(got.lo, r->cli.lo) && same(got.hi, r->cli.hi) &&
                      got.lo_open == r->cli.lo_open && got.hi_open == r->cli.hi_open,
                  "README gives --%s as in %.8s", r->name, after + 4);
        }
    }
    for (int id = 0; id < SETTINGS_COUNT; id++)
        CHECK(named[id], "README never names --%s", settings_table[id].name);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_readme README.md\n");
        return EXIT_FAILURE;
    }
    char *readme = read_all(argv[1]);
    CHECK(readme != NULL, "cannot read %s", argv[1]);
    if (!readme)
        return check_result("test_readme");
    check_key_table(readme);
    check_flags(readme);
    free(readme);
    return check_result("test_readme");
}
