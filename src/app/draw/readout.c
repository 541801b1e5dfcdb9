#include "readout.h"

#include <math.h>
#include <stdio.h>

#include "analysis.h"
#include "featsets.h"
#include "palette.h"
#include "prim.h"
#include "text.h"
#include "vectors.h"

#define LINES 5

int view_readout_height(struct text *text)
{
    return text_height(text, TEXT_NORMAL) * LINES;
}

static void number(char *buf, size_t len, double v, const char *fmt)
{
    if (isfinite(v))
        snprintf(buf, len, fmt, v);
    else
        snprintf(buf, len, "-");
}

/* The angle between successive members of each set, in its hue: "sets 0-1 90.2  2-3 180.0
 * deg". Sets of more than two features list each successive pair. */
static void draw_sets(struct text *text, const struct view_readout *v, int x, int y, int w)
{
    const struct featsets *fs = v->sets;
    const SDL_Color dim = prim_rgba(PALETTE_TEXT_DIM, 255);
    int at = x + text_draw(text, TEXT_NORMAL, x, y, TEXT_LEFT, dim, "within sets ");
    for (int k = 0; k < fs->count; k++) {
        const uint16_t *mem = featsets_members(fs, k);
        for (int e = 0; e + 1 < featsets_size(fs, k); e++) {
            char item[48];
            int a = mem[e], b = mem[e + 1];
            if (b >= v->an->n)
                snprintf(item, sizeof item, "%d-%d -  ", a, b);
            else if (!(v->an->norms[a] > ANALYSIS_REPRESENTED_NORM) ||
                     !(v->an->norms[b] > ANALYSIS_REPRESENTED_NORM))
                /* a dropped feature's direction is noise: no angle */
                snprintf(item, sizeof item, "%d-%d %d dropped  ", a, b,
                         v->an->norms[a] > ANALYSIS_REPRESENTED_NORM ? b : a);
            else
                snprintf(item, sizeof item, "%d-%d %.1f  ", a, b,
                         featsets_angle_deg(v->W, v->an->m, a, b));
            if (at + text_width(text, TEXT_NORMAL, item) > x + w)
                return;
            at += text_draw(text, TEXT_NORMAL, at, y, TEXT_LEFT, view_vectors_set_colour(k, 255),
                            item);
        }
    }
    if (at + text_width(text, TEXT_NORMAL, "deg") <= x + w)
        text_draw(text, TEXT_NORMAL, at, y, TEXT_LEFT, dim, "deg");
}

/* The first of the texts on the right of a line that leaves a gap after its left part;
 * none when none does. */
static void right(struct text *text, SDL_Rect rect, int y, int left_w, const char *const *choices)
{
    const int gap = text_height(text, TEXT_NORMAL);
    for (; *choices; choices++)
        if (left_w + gap + text_width(text, TEXT_SMALL, *choices) <= rect.w) {
            text_draw(text, TEXT_SMALL, rect.x + rect.w, y, TEXT_RIGHT,
                      prim_rgba(PALETTE_TEXT_DIM, 255), *choices);
            return;
        }
}

/* The gaps, as many as fit ("gaps 72 72 71 ... deg"). */
static void gaps(struct text *text, const struct analysis *an, SDL_Rect rect, int y)
{
    const SDL_Color dim = prim_rgba(PALETTE_TEXT_DIM, 255), bright = prim_rgba(PALETTE_TEXT, 255);
    char c[160], line[200];
    int w = text_width(text, TEXT_NORMAL, "gaps ");
    for (int max = 12; max >= 1; max--) {
        analysis_gaps_text(an, 0, max, c, sizeof c);
        snprintf(line, sizeof line, "%s deg", c);
        if (w + text_width(text, TEXT_NORMAL, line) <= rect.w || max == 1)
            break;
    }
    text_draw(text, TEXT_NORMAL, rect.x, y, TEXT_LEFT, dim, "gaps ");
    text_draw_fit(text, TEXT_NORMAL, rect.x + w, y, TEXT_LEFT, bright, rect.w - w, line);
}

void view_readout_draw(SDL_Renderer *r, struct text *text, const struct view_readout *v,
                       SDL_Rect rect)
{
    (void)r;
    const struct analysis *an = v->an;
    const SDL_Color dim = prim_rgba(PALETTE_TEXT_DIM, 255), bright = prim_rgba(PALETTE_TEXT, 255);
    int lh = text_height(text, TEXT_NORMAL), x = rect.x, y = rect.y;
    char a[64], b[128], c[160], d[64];

    number(a, sizeof a, v->paused ? 0 : v->steps_per_sec, "%.0f");
    const char *rate = v->paused ? "paused" : v->held ? "held" : a;
    int w = v->replay ? text_draw(text, TEXT_NORMAL, x, y, TEXT_LEFT,
                                  prim_rgba(PALETTE_ACCENT, 255), "replay, step ")
                      : text_draw(text, TEXT_NORMAL, x, y, TEXT_LEFT, dim, "step ");
    w += text_drawf(text, TEXT_NORMAL, x + w, y, TEXT_LEFT, bright, "%ld", v->step);
    w += text_draw(text, TEXT_NORMAL, x + w, y, TEXT_LEFT, dim, "   steps/s ");
    w += text_draw(text, TEXT_NORMAL, x + w, y, TEXT_LEFT, bright, rate);
    if (v->fps >= 0) {
        number(b, sizeof b, v->fps, "%.0f fps");
        if (isfinite(v->fps) && isfinite(v->frame_ms) && v->frame_ms >= 0)
            snprintf(c, sizeof c, "%.0f fps, frame %.1f ms", v->fps, v->frame_ms);
        else
            snprintf(c, sizeof c, "%s", b);
        right(text, rect, y, w, (const char *const[]){ c, b, NULL });
    }
    y += lh;

    number(a, sizeof a, v->loss, "%.4g");
    w = text_draw(text, TEXT_NORMAL, x, y, TEXT_LEFT, dim, "loss ");
    w += text_draw(text, TEXT_NORMAL, x + w, y, TEXT_LEFT, bright, a);
    const char *model = v->model ? v->model : model_activation_name(v->act);
    snprintf(c, sizeof c, "%s, seed %llu", model, (unsigned long long)v->seed);
    snprintf(d, sizeof d, "seed %llu", (unsigned long long)v->seed);
    right(text, rect, y, w, (const char *const[]){ c, d, model, NULL });
    y += lh;

    w = text_draw(text, TEXT_NORMAL, x, y, TEXT_LEFT, dim, "represented ");
    snprintf(c, sizeof c, "%d of %d (norm > %.1f)", an->represented, an->n,
             ANALYSIS_REPRESENTED_NORM);
    text_draw_fit(text, TEXT_NORMAL, x + w, y, TEXT_LEFT, bright, rect.w - w, c);
    y += lh;

    c[0] = 0;
    if (an->m == 2 && an->gap_count > 0) {
        gaps(text, an, rect, y);
        y += lh;
        double off;
        if (v->sets && v->sets->count > 0 && v->W) {
            draw_sets(text, v, x, y, rect.w);
        } else if (analysis_gap_shape(an, v->act, a, sizeof a, &off)) {
            snprintf(b, sizeof b, "%s: worst gap off by %.1f deg", a, off);
            snprintf(c, sizeof c, "%s: off by %.1f", a, off);
            char fit[96];
            text_draw(text, TEXT_NORMAL, x, y, TEXT_LEFT, dim,
                      text_choose(text, TEXT_NORMAL, rect.w, fit, sizeof fit,
                                  (const char *const[]){ b, c, NULL }));
        }
        return;
    }
    if (an->m == 3)
        snprintf(c, sizeof c, "m = 3 hidden dimensions: all in view");
    else if (an->m > 3)
        snprintf(c, sizeof c, "m = %d: the view projects onto 3 directions", an->m);
    else if (an->m != 2)
        snprintf(c, sizeof c, "m = %d hidden dimension: the view shows it", an->m);
    else
        snprintf(c, sizeof c, "gaps: no feature represented yet");
    text_draw_fit(text, TEXT_NORMAL, x, y, TEXT_LEFT, dim, rect.w, c);
    if (v->sets && v->sets->count > 0 && v->W)
        draw_sets(text, v, x, y + lh, rect.w);
}
