#include "figcaption.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "figures.h"
#include "text.h"
#include "trainer.h"

/* Gaps within this of 360/n, every feature represented: "a regular polygon". */
#define REGULAR_TOLERANCE_DEG 5.0
/* D_i this close to a sticky value counts as it (1/2 a pair, 3/4 a tetrahedron, 1 alone). */
#define STICKY_TOLERANCE 0.05

/* Appends to buf like snprintf, never past len. */
static void add(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void add(char *buf, size_t len, const char *fmt, ...)
{
    size_t used = 0;
    while (used < len && buf[used])
        used++;
    if (used + 1 >= len)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + used, len - used, fmt, ap);
    va_end(ap);
}

/* 10000 as "10,000". */
static const char *grouped(long v, char buf[32])
{
    char digits[24];
    int n = snprintf(digits, sizeof digits, "%ld", v), o = 0;
    for (int k = 0; k < n; k++) {
        if (k > 0 && digits[k - 1] != '-' && (n - k) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[k];
    }
    buf[o] = '\0';
    return buf;
}

/* The analysis of one trained model; false when memory ran out (the caption then says less). */
static bool analyse(struct analysis *a, const struct trainer *t)
{
    const struct model *md = trainer_model(t);
    if (!analysis_init(a, md->n))
        return false;
    analysis_compute(a, md->W, md->n, md->m);
    return true;
}

static void gap_range(const struct analysis *a, double *lo, double *hi)
{
    *lo = 360.0;
    *hi = 0.0;
    for (int k = 0; k < a->gap_count; k++) {
        *lo = fmin(*lo, a->gaps_deg[k]);
        *hi = fmax(*hi, a->gaps_deg[k]);
    }
}

static bool regular_polygon(const struct analysis *a)
{
    return a->represented == a->n && a->n >= 3 &&
           analysis_max_gap_error(a) <= REGULAR_TOLERANCE_DEG;
}

void figcaption_defaults(const struct figure *f, const struct trainer *const *models, long steps,
                         char *buf, size_t len)
{
    (void)models;
    const struct trainer_desc *d = &f->panels[0].desc;
    char s[32];
    snprintf(buf, len, "The defaults: n = %d, m = %d, density %g (S = %g), importance %g^i, "
             "%s AdamW steps", d->features, d->hidden, d->density, 1.0 - d->density, d->decay,
             grouped(steps, s));
}

void figcaption_importance(const struct figure *f, const struct trainer *const *models,
                           long steps, char *buf, size_t len)
{
    (void)steps;
    const struct trainer_desc *d = &f->panels[1].desc;
    struct analysis uni, dec;
    snprintf(buf, len, "Density %g, as in the original Python project's comparison; "
             "with importance %g^i ", d->density, d->decay);
    if (!analyse(&uni, models[0]) || !analyse(&dec, models[1])) {
        analysis_finish(&uni);
        add(buf, len, "(see the panels)");
        return;
    }
    const int n = dec.n;
    if (dec.represented == n) {
        double lo, hi, ulo, uhi;
        gap_range(&dec, &lo, &hi);
        gap_range(&uni, &ulo, &uhi);
        add(buf, len, "all %d features stay represented, at gaps from %.0f to %.0f degrees "
            "(uniform: %.0f to %.0f)", n, lo, hi, ulo, uhi);
    } else {
        int dropped = 0, shown = 0;
        for (int i = 0; i < n; i++)
            dropped += dec.norms[i] <= ANALYSIS_REPRESENTED_NORM;
        add(buf, len, "feature%s", dropped == 1 ? "" : "s");
        for (int i = 0; i < n; i++)
            if (dec.norms[i] <= ANALYSIS_REPRESENTED_NORM)
                add(buf, len, "%s %d", shown++ ? "," : "", i);
        if (dropped == 1 && dec.norms[n - 1] <= ANALYSIS_REPRESENTED_NORM)
            add(buf, len, ", the least important,");
        add(buf, len, " %s dropped (norm <= %.1f); uniform: %d of %d represented",
            dropped == 1 ? "is" : "are", ANALYSIS_REPRESENTED_NORM, uni.represented, uni.n);
    }
    analysis_finish(&uni);
    analysis_finish(&dec);
}

void figcaption_shapes(const struct figure *f, const struct trainer *const *models, long steps,
                       char *buf, size_t len)
{
    (void)steps;
    char yes[64] = "", no[64] = "";
    for (int k = 0; k < f->count; k++) {
        struct analysis a;
        if (!analyse(&a, models[k]))
            continue;
        char *list = regular_polygon(&a) ? yes : no;
        add(list, sizeof yes, "%s%d", list[0] ? ", " : "", a.n);
        analysis_finish(&a);
    }
    snprintf(buf, len, "Uniform importance, density %g. A regular n-gon of all n features "
             "(gaps within %.0f degrees of 360/n) for n = %s%s%s. The original Python project "
             "claimed a triangle for 3, a hexagon for 6, an octagon for 8",
             f->panels[0].desc.density, REGULAR_TOLERANCE_DEG, yes[0] ? yes : "none",
             no[0] ? "; not for n = " : "", no);
}

void figcaption_linear(const struct figure *f, const struct trainer *const *models, long steps,
                       char *buf, size_t len)
{
    (void)steps;
    const struct trainer_desc *d = &f->panels[0].desc;
    char lin[64] = "", relu[64] = "";
    bool top_only = true; /* every linear panel: exactly features 0..m-1 represented */
    for (int k = 0; k < f->count; k++) {
        struct analysis a;
        if (!analyse(&a, models[k]))
            continue;
        const bool linear = f->panels[k].desc.act == MODEL_LINEAR;
        char *list = linear ? lin : relu;
        add(list, sizeof lin, "%s%d", list[0] ? ", " : "", a.represented);
        for (int i = 0; linear && i < a.n; i++)
            top_only = top_only && (a.norms[i] > ANALYSIS_REPRESENTED_NORM) == (i < a.m);
        analysis_finish(&a);
    }
    snprintf(buf, len, "n = %d, m = %d, importance %g^i; represented (norm > %.1f): linear %s, "
             "ReLU %s of %d", d->features, d->hidden, d->decay, ANALYSIS_REPRESENTED_NORM, lin,
             relu, d->features);
    if (top_only)
        add(buf, len, "; the linear model keeps only the %d most important at every density",
            d->hidden);
}

void figcaption_polytopes(const struct figure *f, const struct trainer *const *models,
                          long steps, char *buf, size_t len)
{
    int pairs = 0, alone = 0, tetra = 0, other = 0, total = 0;
    for (int k = 0; k < f->count; k++) {
        struct analysis a;
        if (!analyse(&a, models[k]))
            continue;
        for (int i = 0; i < a.n; i++) {
            if (a.norms[i] <= ANALYSIS_REPRESENTED_NORM)
                continue;
            const double D = a.dimensionality[i];
            total++;
            if (fabs(D - 0.5) < STICKY_TOLERANCE)
                pairs++;
            else if (fabs(D - 0.75) < STICKY_TOLERANCE)
                tetra++;
            else if (D > 1.0 - STICKY_TOLERANCE)
                alone++;
            else
                other++;
        }
        analysis_finish(&a);
    }
    const struct trainer_desc *d = &f->panels[0].desc;
    char s[32];
    snprintf(buf, len, "m = %d, density %g, uniform importance, %s steps: ", d->hidden,
             d->density, grouped(steps, s));
    if (other == 0 && tetra == 0)
        add(buf, len, "each of the %d represented features is in an antipodal pair (D = 1/2) "
            "or alone (D = 1); none at D = 3/4 (a tetrahedron)", total);
    else
        add(buf, len, "of %d represented features, %d in antipodal pairs (D = 1/2), %d alone "
            "(D = 1), %d at 3/4 (tetrahedra), %d elsewhere", total, pairs, alone, tetra, other);
}

/* The subtitle, on two lines when one is too narrow or longer than the text cache keeps
 * (SUBTITLE_LINE characters): broken at the last "; ", ". " or ": " that fits, else at the
 * last ", ", else at the last space. */
#define SUBTITLE_LINE 120

void figcaption_draw(struct text *text, const struct figure *f,
                     const struct trainer *const *models, long steps, int x, int width)
{
    char sub[512];
    if (f->caption)
        f->caption(f, models, steps, sub, sizeof sub);
    else
        snprintf(sub, sizeof sub, "%s", f->subtitle);
    const int y = 50, lh = text_height(text, TEXT_SMALL);
    const SDL_Color grey = { 170, 170, 170, 255 };
    const size_t len = strlen(sub);
    const bool wrap = len > SUBTITLE_LINE || text_width(text, TEXT_SMALL, sub) > width;
    size_t cut[3] = { 0 }; /* the last space after: anything, a comma, a ; . or : */
    for (size_t k = 1; wrap && k < len && k <= SUBTITLE_LINE; k++) {
        char c = sub[k];
        sub[k] = '\0';
        bool fits = text_width(text, TEXT_SMALL, sub) <= width;
        sub[k] = c;
        if (!fits)
            break;
        if (c != ' ')
            continue;
        cut[0] = k;
        if (sub[k - 1] == ',')
            cut[1] = k;
        if (sub[k - 1] == ';' || sub[k - 1] == '.' || sub[k - 1] == ':')
            cut[2] = k;
    }
    size_t at = cut[2] ? cut[2] : cut[1] ? cut[1] : cut[0];
    if (at)
        sub[at] = '\0';
    text_draw(text, TEXT_SMALL, x, at ? y - lh / 2 : y, TEXT_LEFT, grey, sub);
    if (at)
        text_draw(text, TEXT_SMALL, x, y + lh / 2 + 1, TEXT_LEFT, grey, sub + at + 1);
}
