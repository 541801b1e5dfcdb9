#include "panels.h"

#include <stdio.h>

#include "controls.h"
#include "draw/bars.h"
#include "draw/heatmap.h"
#include "draw/loss.h"
#include "draw/palette.h"
#include "draw/prim.h"
#include "draw/readout.h"
#include "draw/sliders.h"
#include "session.h"
#include "text.h"
#include "views.h"

struct panels_layout panels_layout(int w, int h, float scale, struct text *text)
{
    struct panels_layout l;
    int margin = (int)(16 * scale);
    int right_w = (int)(w * 0.34);
    if (right_w < (int)(330 * scale))
        right_w = (int)(330 * scale);
    if (right_w > (int)(520 * scale))
        right_w = (int)(520 * scale);
    int rx = w - right_w - margin;
    l.view = (SDL_Rect){ margin, margin, rx - 2 * margin, h - 2 * margin };
    int y = margin;
    l.sliders = (SDL_Rect){ rx, y, right_w,
                            view_sliders_height(text, scale, CONTROLS_SLIDER_COUNT) };
    y += l.sliders.h + (int)(10 * scale);
    l.readout = (SDL_Rect){ rx, y, right_w, view_readout_height(text) };
    y += l.readout.h + (int)(8 * scale);
    l.loss = (SDL_Rect){ rx, y, right_w, (int)(120 * scale) };
    y += l.loss.h + (int)(10 * scale);
    /* The rest: the per-feature bars, then the heatmap of W^T W and b below them. */
    int rest = h - margin - y, gap = (int)(10 * scale);
    int bars_h = (int)(rest * 0.45);
    l.bars = (SDL_Rect){ rx, y, right_w, bars_h };
    l.heatmap = (SDL_Rect){ rx, y + bars_h + gap, right_w, rest - bars_h - gap };
    int head = text_height(text, TEXT_LARGE) + text_height(text, TEXT_SMALL);
    int foot = text_height(text, TEXT_NORMAL);
    l.plot = (SDL_Rect){ l.view.x, l.view.y + head, l.view.w, l.view.h - head - foot };
    return l;
}

/* Where slider k is drawn: the panel's area, or the area its view leaves for it. */
static SDL_Rect slider_track(struct text *text, float scale, const struct panels_layout *l,
                             int k)
{
    if (k < CONTROLS_SLIDER_COUNT)
        return view_sliders_track(text, scale, l->sliders, k);
    for (int v = 0; v < VIEW_COUNT; v++) {
        enum controls_slider first;
        int count = controls_view_sliders((enum view_id)v, &first);
        const struct view_row *row = views_row((enum view_id)v);
        if (count && row->slider_area && k >= (int)first && k < (int)first + count)
            return view_sliders_track(text, scale, row->slider_area(text, scale, l->plot),
                                      k - (int)first);
    }
    return (SDL_Rect){ 0, 0, 0, 0 };
}

int panels_slider_at(struct text *text, float scale, const struct panels_layout *l,
                     enum view_id view, int x, int y)
{
    enum controls_slider first = CONTROLS_SLIDER_COUNT;
    int own = views_row(view)->slider_area ? controls_view_sliders(view, &first) : 0;
    for (int k = 0; k < CONTROLS_SLIDER_TOTAL; k++) {
        if (k >= CONTROLS_SLIDER_COUNT && (k < (int)first || k >= (int)first + own))
            continue;
        SDL_Rect tr = slider_track(text, scale, l, k);
        int pad = (int)(6 * scale);
        SDL_Rect hit = { tr.x - pad, tr.y - pad, tr.w + 2 * pad, tr.h + 2 * pad };
        SDL_Point p = { x, y };
        if (SDL_PointInRect(&p, &hit))
            return k;
    }
    return -1;
}

double panels_slider_position(struct text *text, float scale, const struct panels_layout *l,
                              int k, int x)
{
    SDL_Rect tr = slider_track(text, scale, l, k);
    return tr.w > 0 ? (double)(x - tr.x) / tr.w : 0;
}

static void draw_box(SDL_Renderer *r, SDL_Rect box, SDL_Color fill)
{
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(r, fill.r, fill.g, fill.b, fill.a);
    SDL_RenderFillRect(r, &box);
}

/* count sliders from first on, in area. */
static void draw_sliders(const struct panels_frame *f, int first, int count, SDL_Rect area)
{
    const struct controls *c = &f->session->controls;
    struct view_slider sliders[CONTROLS_SLIDER_TOTAL];
    char values[CONTROLS_SLIDER_TOTAL][96];
    for (int i = 0; i < count && i < CONTROLS_SLIDER_TOTAL; i++) {
        enum controls_slider k = (enum controls_slider)(first + i);
        controls_slider_value(c, k, values[i], sizeof values[i]);
        sliders[i] = (struct view_slider){
            .name = controls_slider_name(k), .value = values[i],
            .position = controls_position(c, k), .active = c->drag == (int)k,
        };
    }
    view_sliders_draw(f->renderer, f->text, f->scale, sliders, count, area);
}

/* The sliders a view shows itself, where it left room for them (once it draws itself). */
static void draw_view_sliders(const struct panels_frame *f, const struct view_context *c)
{
    enum view_id v = f->session->controls.view;
    enum controls_slider first;
    const struct view_row *row = views_row(v);
    int count = row->slider_area && views_ready(v, c) ? controls_view_sliders(v, &first) : 0;
    if (count)
        draw_sliders(f, first, count, row->slider_area(f->text, f->scale, f->layout->plot));
}

/* The view the table draws, its title and legend above it (short forms when the window is
 * narrow, rather than text running into the sliders) and the keys below it. */
static void draw_view(const struct panels_frame *f)
{
    const struct session *s = f->session;
    struct text *t = f->text;
    SDL_Rect v = f->layout->view;
    const SDL_Color dim = prim_rgba(PALETTE_TEXT_DIM, 255);
    int lh = text_height(t, TEXT_NORMAL);
    SDL_Rect plot = f->layout->plot;
    struct view_context c;
    session_context(s, &c);
    views_draw(s->controls.view, f->renderer, t, f->scale, &c, plot);
    draw_view_sliders(f, &c);

    struct view_words w;
    views_words(s->controls.view, &c, &w);
    const char *title = text_width(t, TEXT_LARGE, w.title) > v.w ? w.title_short : w.title;
    const char *legend = text_width(t, TEXT_SMALL, w.legend) > v.w ? w.legend_short : w.legend;
    text_draw(t, TEXT_LARGE, v.x, v.y, TEXT_LEFT, prim_rgba(PALETTE_TEXT, 255), title);
    text_draw(t, TEXT_SMALL, v.x, v.y + text_height(t, TEXT_LARGE), TEXT_LEFT, dim, legend);

    char keys[320];
    controls_footer(keys, sizeof keys, false);
    if (text_width(t, TEXT_SMALL, keys) > v.w)
        controls_footer(keys, sizeof keys, true);
    text_draw(t, TEXT_SMALL, v.x, v.y + v.h - lh, TEXT_LEFT, dim, keys);
    if (s->snap.settings.paused)
        text_draw(t, TEXT_LARGE, v.x + v.w, v.y, TEXT_RIGHT, prim_rgba(PALETTE_ACCENT, 255),
                  "paused (Space)");
}

static void draw_help(const struct panels_frame *f)
{
    struct text *t = f->text;
    int lh = text_height(t, TEXT_NORMAL), pad = (int)(20 * f->scale);
    int rows = 0, keys_w = 0, what_w = 0;
    const char *keys, *what;
    for (; controls_help_row(rows, &keys, &what); rows++) {
        int kw = text_width(t, TEXT_NORMAL, keys), ww = text_width(t, TEXT_NORMAL, what);
        keys_w = kw > keys_w ? kw : keys_w;
        what_w = ww > what_w ? ww : what_w;
    }
    const char *footer = "Mouse: click or drag a slider; drag the 3D view to turn it.  "
                         "Sparsity S: chance a feature is 0.";
    int footer_w = text_width(t, TEXT_SMALL, footer);
    int gap = (int)(24 * f->scale);
    int w = keys_w + gap + what_w;
    w = (w > footer_w ? w : footer_w) + 2 * pad;
    int h = (rows + 1) * lh + text_height(t, TEXT_LARGE) + text_height(t, TEXT_SMALL) + 2 * pad;
    SDL_Rect box = { (f->w - w) / 2, (f->h - h) / 2, w, h };
    draw_box(f->renderer, box, prim_rgba(PALETTE_OVERLAY, 235));
    int x = box.x + pad, y = box.y + pad;
    text_draw(t, TEXT_LARGE, x, y, TEXT_LEFT, prim_rgba(PALETTE_WHITE, 255), "Keys");
    y += text_height(t, TEXT_LARGE) + lh / 2;
    for (int i = 0; controls_help_row(i, &keys, &what); i++, y += lh) {
        text_draw(t, TEXT_NORMAL, x, y, TEXT_LEFT, prim_rgba(PALETTE_ACCENT, 255), keys);
        text_draw(t, TEXT_NORMAL, x + keys_w + gap, y, TEXT_LEFT, prim_rgba(PALETTE_TEXT, 255),
                  what);
    }
    text_draw(t, TEXT_SMALL, x, y + lh / 2, TEXT_LEFT, prim_rgba(PALETTE_TEXT_DIM, 255), footer);
}

static void draw_toast(const struct panels_frame *f)
{
    const struct panels_toast *toast = f->toast;
    if (!toast || !toast->text[0] || f->now > toast->until)
        return;
    struct text *t = f->text;
    int pad = (int)(10 * f->scale), lh = text_height(t, TEXT_NORMAL);
    int w = text_width(t, TEXT_NORMAL, toast->text) + 2 * pad;
    SDL_Rect v = f->layout->view;
    SDL_Rect box = { v.x + (v.w - w) / 2, v.y + v.h - lh - 3 * pad, w, lh + pad };
    if (box.x < 0)
        box.x = 0;
    draw_box(f->renderer, box, prim_rgba(toast->error ? PALETTE_NOTE_ERROR : PALETTE_NOTE, 230));
    text_draw(t, TEXT_NORMAL, box.x + pad, box.y + pad / 2, TEXT_LEFT,
              prim_rgba(PALETTE_WHITE, 255), toast->text);
}

void panels_draw(const struct panels_frame *f)
{
    SDL_Renderer *r = f->renderer;
    const struct session *s = f->session;
    const struct worker_snapshot *snap = &s->snap;
    const struct panels_layout *l = f->layout;
    const SDL_Color bg = prim_rgba(PALETTE_BACKGROUND, 255);
    SDL_SetRenderDrawColor(r, bg.r, bg.g, bg.b, 255);
    SDL_RenderClear(r);
    draw_view(f);
    draw_sliders(f, 0, CONTROLS_SLIDER_COUNT, l->sliders);
    struct view_readout ro = {
        .step = snap->step, .steps_per_sec = snap->steps_per_sec, .loss = snap->loss_avg,
        .paused = snap->settings.paused, .act = snap->settings.act, .seed = snap->seed,
        .an = &s->an, .fps = f->fps, .frame_ms = f->frame_ms, .W = snap->W,
        .sets = snap->settings.sets.count ? &snap->settings.sets : NULL,
    };
    view_readout_draw(r, f->text, &ro, l->readout);
    view_loss_draw(r, f->text, f->scale, &s->loss, l->loss);
    view_bars_draw(r, f->text, f->scale, &s->an, snap->b, &snap->settings.sets, l->bars);
    struct view_heatmap hm = { .W = snap->W, .b = snap->b, .n = snap->n, .m = snap->m };
    if (l->heatmap.h > 40 * f->scale)
        view_heatmap_draw(r, f->text, f->scale, &hm, l->heatmap);
    if (s->controls.help)
        draw_help(f);
    draw_toast(f);
}
