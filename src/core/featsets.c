#include "featsets.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const kind_names[] = {
    [FEATSETS_CORRELATED] = "correlated",
    [FEATSETS_ANTICORRELATED] = "anticorrelated",
};

static bool fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (errlen)
        vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return false;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* The character at p as a message shows it: itself when printable, else \xNN. */
static const char *show_char(char buf[8], char c)
{
    unsigned char u = (unsigned char)c;
    if (u >= 0x20 && u < 0x7f)
        snprintf(buf, 8, "'%c'", c);
    else
        snprintf(buf, 8, "\\x%02x", u);
    return buf;
}

struct cursor {
    const char *text, *p;
    char *err;
    size_t errlen;
};

static bool read_index(struct cursor *c, long *v)
{
    char b[8];
    if (!is_digit(*c->p))
        return *c->p == '\0' || *c->p == ','
                   ? fail(c->err, c->errlen, "a feature index is missing at character %d",
                          (int)(c->p - c->text) + 1)
                   : fail(c->err, c->errlen, "unexpected %s at character %d; expected sets "
                          "like 0-1,2-3 or 0+3", show_char(b, *c->p), (int)(c->p - c->text) + 1);
    long x = 0;
    for (; is_digit(*c->p); c->p++) {
        x = x * 10 + (*c->p - '0');
        if (x > FEATSETS_MAX_INDEX)
            return fail(c->err, c->errlen, "feature index at character %d is too large (at "
                        "most %d)", (int)(c->p - c->text) + 1, FEATSETS_MAX_INDEX);
    }
    *v = x;
    return true;
}

static void sort_members(uint16_t *m, int count)
{
    for (int i = 1; i < count; i++)
        for (int j = i; j > 0 && m[j - 1] > m[j]; j--) {
            uint16_t t = m[j];
            m[j] = m[j - 1];
            m[j - 1] = t;
        }
}

/* Which set of fs holds feature f, or -1. */
static int set_of(const struct featsets *fs, int f)
{
    for (int k = 0; k < fs->count; k++)
        for (int e = fs->start[k]; e < fs->start[k + 1]; e++)
            if (fs->member[e] == f)
                return k;
    return -1;
}

/* One set: terms joined by '+', a term an index or a range a-b. Appends it to fs. */
static bool parse_set(struct featsets *fs, enum featsets_kind kind, struct cursor *c)
{
    const char *begin = c->p;
    int first = fs->start[fs->count], end = first;
    if (*c->p == ',' || *c->p == '\0')
        return fail(c->err, c->errlen, "an empty set at character %d (two commas, or a comma "
                    "at an end)", (int)(c->p - c->text) + 1);
    if (fs->count == FEATSETS_MAX_SETS)
        return fail(c->err, c->errlen, "more than %d sets", FEATSETS_MAX_SETS);
    for (;;) {
        long a, b;
        if (!read_index(c, &a))
            return false;
        b = a;
        if (*c->p == '-') {
            c->p++;
            if (!read_index(c, &b))
                return false;
            if (b < a)
                return fail(c->err, c->errlen, "the range %ld-%ld runs backwards (write %ld-%ld)",
                            a, b, b, a);
        }
        if (end + (b - a + 1) > FEATSETS_MAX_MEMBERS)
            return fail(c->err, c->errlen, "more than %d features in sets", FEATSETS_MAX_MEMBERS);
        for (long f = a; f <= b; f++)
            fs->member[end++] = (uint16_t)f;
        if (*c->p != '+')
            break;
        c->p++;
    }
    char b[8];
    if (*c->p != ',' && *c->p != '\0')
        return fail(c->err, c->errlen, "unexpected %s at character %d; expected sets like "
                    "0-1,2-3 or 0+3", show_char(b, *c->p), (int)(c->p - c->text) + 1);
    const int len = (int)(c->p - begin);
    if (end - first < 2)
        return fail(c->err, c->errlen, "the set %.*s has one feature; a set needs two or more",
                    len, begin);
    sort_members(fs->member + first, end - first);
    for (int e = first + 1; e < end; e++)
        if (fs->member[e] == fs->member[e - 1])
            return fail(c->err, c->errlen, "feature %d appears twice in the set %.*s",
                        fs->member[e], len, begin);
    for (int e = first; e < end; e++) {
        int k = set_of(fs, fs->member[e]);
        if (k < 0)
            continue;
        char other[64];
        featsets_format_set(fs, k, other, sizeof other);
        return fail(c->err, c->errlen, "feature %d is in two sets (%s %s and %.*s)",
                    fs->member[e], kind_names[fs->kind[k]], other, len, begin);
    }
    fs->kind[fs->count] = (uint8_t)kind;
    fs->start[++fs->count] = (uint16_t)end;
    return true;
}

bool featsets_parse(struct featsets *fs, enum featsets_kind kind, const char *text, char *err,
                    size_t errlen)
{
    struct featsets next = *fs;
    struct cursor c = { text, text, err, errlen };
    if (*text == '\0')
        return fail(err, errlen, "no sets given; expected sets like 0-1,2-3 or 0+3");
    for (;;) {
        if (!parse_set(&next, kind, &c))
            return false;
        if (*c.p == '\0')
            break;
        c.p++; /* the comma */
    }
    *fs = next;
    return true;
}

bool featsets_fit(const struct featsets *fs, int n, char *err, size_t errlen)
{
    for (int k = 0; k < fs->count; k++) {
        int last = fs->member[fs->start[k + 1] - 1];
        if (last >= n) {
            char set[64];
            featsets_format_set(fs, k, set, sizeof set);
            return fail(err, errlen, "%s set %s needs feature %d, but there are %d features "
                        "(0 to %d)", kind_names[fs->kind[k]], set, last, n, n - 1);
        }
    }
    return true;
}

int featsets_keep_below(struct featsets *fs, int n)
{
    struct featsets kept = { 0 };
    for (int k = 0; k < fs->count; k++) {
        if (fs->member[fs->start[k + 1] - 1] >= n)
            continue;
        int at = kept.start[kept.count], size = featsets_size(fs, k);
        memcpy(kept.member + at, featsets_members(fs, k), (size_t)size * sizeof *kept.member);
        kept.kind[kept.count] = fs->kind[k];
        kept.start[++kept.count] = (uint16_t)(at + size);
    }
    int dropped = fs->count - kept.count;
    *fs = kept;
    return dropped;
}

/* snprintf that keeps appending after the buffer is full, counting what it would need. */
static int append(char *buf, size_t len, int used, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t at = (size_t)used < len ? (size_t)used : len;
    int n = vsnprintf(buf ? buf + at : NULL, len - at, fmt, ap);
    va_end(ap);
    return used + (n > 0 ? n : 0);
}

int featsets_format_set(const struct featsets *fs, int k, char *buf, size_t len)
{
    const uint16_t *m = featsets_members(fs, k);
    const int size = featsets_size(fs, k);
    int used = 0;
    if (len)
        buf[0] = '\0';
    for (int e = 0; e < size;) {
        int run = e;
        while (run + 1 < size && m[run + 1] == m[run] + 1)
            run++;
        used = run > e ? append(buf, len, used, "%s%d-%d", e ? "+" : "", m[e], m[run])
                       : append(buf, len, used, "%s%d", e ? "+" : "", m[e]);
        e = run + 1;
    }
    return used;
}

int featsets_format(const struct featsets *fs, enum featsets_kind kind, char *buf, size_t len)
{
    int used = 0;
    if (len)
        buf[0] = '\0';
    for (int k = 0; k < fs->count; k++) {
        if (fs->kind[k] != kind)
            continue;
        if (used)
            used = append(buf, len, used, ",");
        size_t at = (size_t)used < len ? (size_t)used : len;
        used += featsets_format_set(fs, k, buf ? buf + at : NULL, len - at);
    }
    return used;
}

double featsets_on_probability(enum featsets_kind kind, int size, double density)
{
    if (kind == FEATSETS_CORRELATED)
        return density;
    return fmin(1.0, size * density);
}

bool featsets_cap_note(const struct featsets *fs, double density, char *buf, size_t len)
{
    for (int k = 0; k < fs->count; k++) {
        const int s = featsets_size(fs, k);
        if (fs->kind[k] != FEATSETS_ANTICORRELATED || s * density <= 1.0)
            continue;
        char set[64];
        featsets_format_set(fs, k, set, sizeof set);
        snprintf(buf, len, "anticorrelated set %s: %d features x density %g = %g > 1, capped at "
                 "1: one of them is on in every sample, each with probability %.3g, not %g",
                 set, s, density, s * density, 1.0 / s, density);
        return true;
    }
    return false;
}

double featsets_angle_deg(const float *W, int m, int i, int j)
{
    double dot = 0.0, ni = 0.0, nj = 0.0;
    for (int d = 0; d < m; d++) {
        double a = W[(size_t)i * m + d], b = W[(size_t)j * m + d];
        dot += a * b;
        ni += a * a;
        nj += b * b;
    }
    if (ni == 0.0 || nj == 0.0)
        return NAN;
    double c = dot / sqrt(ni * nj);
    return acos(fmax(-1.0, fmin(1.0, c))) * (180.0 / M_PI);
}
