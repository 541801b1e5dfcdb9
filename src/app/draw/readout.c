#include "readout.h"

#include <math.h>
#include <stdio.h>

#include "analysis.h"
#include "prim.h"
#include "text.h"
#include "worker.h"

#define LINES 5

int view_readout_height(struct text *text)
{
    return text_height(text, TEXT_NORMAL) * LINES;
}

/* The gaps in angle order, as "72 72 71 73 72"; they do not fit past a dozen or so. */
static void gaps_text(const struct analysis *an, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = 0;
    for (int k = 0; k < an->gap_count && used + 8 < len; k++) {
        if (k == 12) {
            snprintf(buf + used, len - used, " ...");
            break;
        }
        int w = snprintf(buf + used, len - used, "%s%.0f", k ? " " : "", an->gaps_deg[k]);
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

static void number(char *buf, size_t len, double v, const char *fmt)
{
    if (isfinite(v))
        snprintf(buf, len, fmt, v);
    else
        snprintf(buf, len, "-");
}

void view_readout_draw(SDL_Renderer *r, struct text *text, const struct view_readout *v,
                       SDL_Rect rect)
{
    (void)r;
    const struct worker_snapshot *s = v->snap;
    const struct analysis *an = v->an;
    const SDL_Color dim = prim_rgba(0x9aa0aa, 255), bright = prim_rgba(0xe8e8ec, 255);
    int lh = text_height(text, TEXT_NORMAL), x = rect.x, y = rect.y;
    char a[64], b[64], c[160];

    number(a, sizeof a, s->settings.paused ? 0 : s->steps_per_sec, "%.0f");
    int w = text_draw(text, TEXT_NORMAL, x, y, TEXT_LEFT, dim, "step ");
    w += text_drawf(text, TEXT_NORMAL, x + w, y, TEXT_LEFT, bright, "%ld", s->step);
    w += text_draw(text, TEXT_NORMAL, x + w, y, TEXT_LEFT, dim, "   steps/s ");
    text_draw(text, TEXT_NORMAL, x + w, y, TEXT_LEFT, bright, s->settings.paused ? "paused" : a);
    if (v->fps >= 0) {
        if (isfinite(v->fps) && isfinite(v->frame_ms) && v->frame_ms >= 0)
            snprintf(b, sizeof b, "%.0f fps, frame %.1f ms", v->fps, v->frame_ms);
        else
            number(b, sizeof b, v->fps, "%.0f fps");
        text_draw(text, TEXT_SMALL, rect.x + rect.w, y, TEXT_RIGHT, dim, b);
    }
    y += lh;

    number(a, sizeof a, s->loss_avg, "%.4g");
    w = text_draw(text, TEXT_NORMAL, x, y, TEXT_LEFT, dim, "loss ");
    w += text_draw(text, TEXT_NORMAL, x + w, y, TEXT_LEFT, bright, a);
    text_drawf(text, TEXT_SMALL, rect.x + rect.w, y, TEXT_RIGHT, dim, "%s, seed %llu",
               s->settings.act == MODEL_RELU ? "ReLU" : "linear",
               (unsigned long long)s->seed);
    y += lh;

    w = text_draw(text, TEXT_NORMAL, x, y, TEXT_LEFT, dim, "represented ");
    text_drawf(text, TEXT_NORMAL, x + w, y, TEXT_LEFT, bright, "%d of %d (norm > %.1f)",
               an->represented, an->n, ANALYSIS_REPRESENTED_NORM);
    y += lh;

    if (an->m == 2 && an->gap_count > 0) {
        gaps_text(an, c, sizeof c);
        w = text_draw(text, TEXT_NORMAL, x, y, TEXT_LEFT, dim, "gaps ");
        w += text_drawf(text, TEXT_NORMAL, x + w, y, TEXT_LEFT, bright, "%s deg", c);
        y += lh;
        text_drawf(text, TEXT_NORMAL, x, y, TEXT_LEFT, dim,
                   "ideal 360/%d = %.1f deg, worst off by %.1f", an->gap_count,
                   360.0 / an->gap_count, analysis_max_gap_error(an));
    } else if (an->m == 3) {
        text_draw(text, TEXT_NORMAL, x, y, TEXT_LEFT, dim, "m = 3 hidden dimensions: all in view");
    } else if (an->m > 3) {
        text_drawf(text, TEXT_NORMAL, x, y, TEXT_LEFT, dim,
                   "m = %d: the view projects onto 3 directions", an->m);
    } else if (an->m != 2) {
        text_drawf(text, TEXT_NORMAL, x, y, TEXT_LEFT, dim,
                   "m = %d hidden dimension: the view shows it", an->m);
    } else {
        text_draw(text, TEXT_NORMAL, x, y, TEXT_LEFT, dim, "gaps: no feature represented yet");
    }
}
