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
#include "model_neurons.h"
#include "draw/timeline.h"
#include "session.h"
#include "text.h"
#include "views.h"

/* Points. */
#define MARGIN 16
#define LOSS_MIN 64
#define LOSS_MAX 120
#define HEATMAP_MIN 80
/* The least room left for the table and W^T W before the column turns compact. */
#define FEATURES_ROOM 200

static int pt(float scale, int points)
{
    return (int)(points * scale);
}

struct panels_layout panels_layout(int w, int h, float scale, struct text *text)
{
    struct panels_layout l;
    int margin = pt(scale, MARGIN);
    int right_w = (int)(w * 0.34);
    if (right_w < pt(scale, 330))
        right_w = pt(scale, 330);
    if (right_w > pt(scale, 520))
        right_w = pt(scale, 520);
    int rx = w - right_w - margin;
    l.view = (SDL_Rect){ margin, margin, rx - 2 * margin, h - 2 * margin };
    int avail = h - 2 * margin, readout = view_readout_height(text);
    int gap = pt(scale, 10), strip_gap = gap;
    int sliders = view_sliders_height(text, scale, CONTROLS_SLIDER_COUNT, false);
    int strip = view_timeline_height(text, scale, false);
    int rest = avail - sliders - readout - strip - 3 * gap - strip_gap;
    if (rest - pt(scale, LOSS_MIN) < pt(scale, FEATURES_ROOM)) {
        /* the compact strip, untitled, right under the loss curve's lowest label */
        gap = pt(scale, 6);
        strip_gap = 0;
        sliders = view_sliders_height(text, scale, CONTROLS_SLIDER_COUNT, true);
        strip = view_timeline_height(text, scale, true);
        rest = avail - sliders - readout - strip - 3 * gap - strip_gap;
    }
    int loss = (int)(rest * 0.22);
    loss = loss < pt(scale, LOSS_MIN) ? pt(scale, LOSS_MIN)
           : loss > pt(scale, LOSS_MAX) ? pt(scale, LOSS_MAX) : loss;
    int y = margin;
    l.sliders = (SDL_Rect){ rx, y, right_w, sliders };
    y += sliders + gap;
    l.readout = (SDL_Rect){ rx, y, right_w, readout };
    y += readout + gap;
    l.loss = (SDL_Rect){ rx, y, right_w, loss };
    y += loss + strip_gap;
    l.timeline = (SDL_Rect){ rx, y, right_w, strip };
    y += strip + gap;
    l.features = (SDL_Rect){ rx, y, right_w, h - margin - y };
    return l;
}

void panels_features(const struct panels_layout *l, struct text *text, float scale, int n,
                     SDL_Rect *table, SDL_Rect *heatmap)
{
    const SDL_Rect f = l->features;
    int gap = pt(scale, 10);
    int ideal = view_bars_height(text, scale, n, false), dense = view_bars_height(text, scale, n, true);
    int want = view_heatmap_height(text, scale, f.w, n);
    int h = f.h;
    if (f.h >= dense + gap + pt(scale, HEATMAP_MIN)) {
        h = f.h - gap - want;
        h = h < dense ? dense : h > ideal ? ideal : h;
    } else if (view_bars_strip(text, scale, n, f.h)) {
        /* too many rows for the room: the strip, and the heatmap below it */
        int strip = view_bars_strip_height(text, scale);
        h = f.h - gap - want > strip ? f.h - gap - want : strip;
        h = f.h - h - gap >= pt(scale, HEATMAP_MIN) ? h : f.h;
    }
    *table = (SDL_Rect){ f.x, f.y, f.w, h };
    int rest = f.h - h - gap;
    *heatmap = rest >= pt(scale, HEATMAP_MIN) ? (SDL_Rect){ f.x, f.y + h + gap, f.w, rest }
                                             : (SDL_Rect){ f.x, f.y + f.h, f.w, 0 };
}

/* Where slider k is drawn: the panel's area, or the area its view leaves for it. */
static SDL_Rect slider_track(struct text *text, float scale, const struct panels_layout *l,
                             int k)
{
    if (k < CONTROLS_SLIDER_COUNT)
        return view_sliders_track(text, scale, l->sliders, CONTROLS_SLIDER_COUNT, k);
    for (int v = 0; v < VIEW_COUNT; v++) {
        enum controls_slider first;
        int count = controls_view_sliders((enum view_id)v, &first);
        const struct view_row *row = views_row((enum view_id)v);
        if (count && row->slider_area && k >= (int)first && k < (int)first + count)
            return view_sliders_track(text, scale,
                                      row->slider_area(text, scale, panels_view_plot(l, text)),
                                      count, k - (int)first);
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
        int pad = pt(scale, 6);
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

bool panels_timeline_at(struct text *text, float scale, const struct panels_layout *l, int x,
                        int y, double *position)
{
    SDL_Rect plot = view_loss_plot(text, scale, l->loss);
    SDL_Point p = { x, y };
    SDL_Rect across = { plot.x - pt(scale, 6), l->loss.y, l->loss.x + l->loss.w - plot.x +
                        pt(scale, 6), l->timeline.y + l->timeline.h - l->loss.y };
    if (!SDL_PointInRect(&p, &across) || plot.w <= 0)
        return false;
    *position = panels_timeline_position(text, scale, l, x);
    return true;
}

double panels_timeline_position(struct text *text, float scale, const struct panels_layout *l,
                                int x)
{
    SDL_Rect plot = view_loss_plot(text, scale, l->loss);
    return plot.w > 0 ? (double)(x - plot.x) / plot.w : 0;
}

SDL_Rect panels_view_plot(const struct panels_layout *l, struct text *text)
{
    SDL_Rect v = l->view;
    int head = text_height(text, TEXT_LARGE) + text_height(text, TEXT_SMALL);
    int foot = text_height(text, TEXT_NORMAL);
    return (SDL_Rect){ v.x, v.y + head, v.w, v.h - head - foot };
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
        draw_sliders(f, first, count,
                     row->slider_area(f->text, f->scale, panels_view_plot(f->layout, f->text)));
}


/* The view the table draws, its title and legend above it and the keys below it, each in the
 * longest form that fits the view's width (cut short as the last resort), so that nothing runs
 * into the panels. */
static void draw_view(const struct panels_frame *f)
{
    const struct session *s = f->session;
    struct text *t = f->text;
    SDL_Rect v = f->layout->view;
    const SDL_Color dim = prim_rgba(PALETTE_TEXT_DIM, 255);
    int lh = text_height(t, TEXT_NORMAL);
    SDL_Rect plot = panels_view_plot(f->layout, t);
    struct view_context c;
    session_context(s, &c);
    c.layer = f->layers ? &f->layers->view : NULL;
    views_draw(s->controls.view, f->renderer, t, f->scale, &c, plot);
    draw_view_sliders(f, &c);

    char buf[320];
    struct view_words w;
    views_words(s->controls.view, &c, &w);
    /* the title, full or short (in the normal font when even that is too long), and "paused"
     * beside it while both fit (the readout says it too); a replay's label always shows, in
     * the title's place when nothing else fits */
    const char *titles[] = { w.title, w.title_short }, *mark = NULL, *title = buf;
    char replayed[2][64];
    long step;
    bool replay = session_replaying(s, &step);
    snprintf(replayed[0], sizeof replayed[0], "replay, step %ld (End: live)", step);
    snprintf(replayed[1], sizeof replayed[1], "replay, step %ld", step);
    const char *marks[3] = { replayed[0], replayed[1], NULL };
    if (!replay)
        marks[0] = "paused (Space)", marks[1] = "paused";
    enum text_size size = TEXT_LARGE;
    if (text_width(t, TEXT_LARGE, w.title_short) <= v.w)
        text_choose(t, TEXT_LARGE, v.w, buf, sizeof buf,
                    (const char *const[]){ w.title, w.title_short, NULL });
    else
        text_fit(t, size = TEXT_NORMAL, w.title_short, v.w, buf, sizeof buf);
    for (int k = 0; k < 4 && (replay || s->snap.settings.paused) && !mark; k++)
        if (text_width(t, TEXT_LARGE, titles[k / 2]) + lh + text_width(t, TEXT_LARGE,
                                                                       marks[k % 2]) <= v.w) {
            title = titles[k / 2];
            mark = marks[k % 2];
        }
    const SDL_Color accent = prim_rgba(PALETTE_ACCENT, 255);
    if (replay && !mark)
        text_draw(t, size, v.x, v.y, TEXT_LEFT, accent,
                  text_choose(t, size, v.w, buf, sizeof buf, marks));
    else
        text_draw(t, mark ? TEXT_LARGE : size, v.x, v.y, TEXT_LEFT, prim_rgba(PALETTE_TEXT, 255),
                  title);
    if (mark)
        text_draw(t, TEXT_LARGE, v.x + v.w, v.y, TEXT_RIGHT, accent, mark);
    text_draw(t, TEXT_SMALL, v.x, v.y + text_height(t, TEXT_LARGE), TEXT_LEFT, dim,
              text_choose(t, TEXT_SMALL, v.w, buf, sizeof buf,
                          (const char *const[]){ w.legend, w.legend_short, NULL }));

    char keys[2][320];
    controls_footer(keys[0], sizeof keys[0], false);
    controls_footer(keys[1], sizeof keys[1], true);
    text_draw(t, TEXT_SMALL, v.x, v.y + v.h - lh, TEXT_LEFT, dim,
              text_choose(t, TEXT_SMALL, v.w, buf, sizeof buf,
                          (const char *const[]){ keys[0], keys[1], NULL }));
}

/* Lines s takes wrapped to max_w; drawn from (x, y) when draw is set. */
static int wrapped(struct text *t, enum text_size size, const char *s, int max_w, bool draw,
                   int x, int y, SDL_Color c)
{
    int lines = 0;
    char line[320];
    while (*s) {
        size_t k = text_wrap(t, size, s, max_w);
        if (draw) {
            snprintf(line, sizeof line, "%.*s", (int)k, s);
            text_draw(t, size, x, y + lines * text_height(t, size), TEXT_LEFT, c, line);
        }
        lines++;
        s += k;
        while (*s == ' ')
            s++;
    }
    return lines;
}

/* The help: the key table in two columns, its explanations wrapped to the window; the smaller
 * font when the normal one does not fit the height, then pages (H turns them). */
static const char help_footer[] = "Mouse: click or drag a slider; drag the 3D view to turn it; "
                                  "drag along the loss curve to replay.  "
                                  "Sparsity S: chance a feature is 0.";

static void help_measure(const struct panels_frame *f, enum text_size size, struct panels_help *h)
{
    struct text *t = f->text;
    int pad = pt(f->scale, 20), gap = pt(f->scale, 24), widest = 0;
    const char *keys, *what;
    h->size = (int)size;
    h->keys_w = h->rows = 0;
    for (; controls_help_row(h->rows, &keys, &what); h->rows++) {
        int kw = text_width(t, size, keys), ww = text_width(t, size, what);
        h->keys_w = kw > h->keys_w ? kw : h->keys_w;
        widest = ww > widest ? ww : widest;
    }
    int max_w = f->w - 2 * pt(f->scale, MARGIN) - 2 * pad - h->keys_w - gap;
    h->what_w = widest < max_w ? widest : max_w;
    int lines = 0;
    for (int i = 0; controls_help_row(i, &keys, &what); i++)
        lines += wrapped(t, size, what, h->what_w, false, 0, 0, (SDL_Color){ 0 });
    int inner_w = h->keys_w + gap + h->what_w;
    int foot = wrapped(t, TEXT_SMALL, help_footer, inner_w, false, 0, 0, (SDL_Color){ 0 });
    h->height = 2 * pad + text_height(t, TEXT_LARGE) + text_height(t, size) / 2 +
                lines * text_height(t, size) + text_height(t, size) / 2 +
                foot * text_height(t, TEXT_SMALL);
}

/* The fit the window allows, and the first row of each page (first[pages] = rows), with a
 * line for the page's number when there is more than one. */
static void help_layout(const struct panels_frame *f, struct panels_help *h)
{
    struct text *t = f->text;
    int margin = pt(f->scale, MARGIN), pad = pt(f->scale, 20);
    help_measure(f, TEXT_NORMAL, h);
    if (h->height > f->h - 2 * margin)
        help_measure(f, TEXT_SMALL, h);
    h->pages = 1;
    h->first[0] = 0;
    h->first[1] = h->rows;
    if (h->height <= f->h - 2 * margin)
        return;
    int lh = text_height(t, h->size), inner_w = h->keys_w + pt(f->scale, 24) + h->what_w;
    int foot = wrapped(t, TEXT_SMALL, help_footer, inner_w, false, 0, 0, (SDL_Color){ 0 });
    int room = f->h - 2 * margin - 2 * pad - text_height(t, TEXT_LARGE) - lh / 2 - lh -
               lh / 2 - foot * text_height(t, TEXT_SMALL);
    int used = 0;
    const char *keys, *what;
    for (int i = 0; controls_help_row(i, &keys, &what); i++) {
        int need = wrapped(t, h->size, what, h->what_w, false, 0, 0, (SDL_Color){ 0 }) * lh;
        if (used > 0 && used + need > room && h->pages < PANELS_HELP_PAGES_MAX) {
            h->first[h->pages++] = i;
            used = 0;
        }
        used += need;
    }
    h->first[h->pages] = h->rows;
}

/* The frame's help layout: the kept one when it was made at this size. */
static const struct panels_help *help_at(const struct panels_frame *f, struct panels_help *local)
{
    struct panels_help *h = f->help ? f->help : local;
    if (h == local || h->w != f->w || h->h != f->h || h->scale != f->scale) {
        help_layout(f, h);
        h->w = f->w;
        h->h = f->h;
        h->scale = f->scale;
    }
    return h;
}

int panels_help_pages(const struct panels_frame *f)
{
    struct panels_help local;
    return help_at(f, &local)->pages;
}

static void draw_help(const struct panels_frame *f)
{
    struct text *t = f->text;
    int pad = pt(f->scale, 20), gap = pt(f->scale, 24), margin = pt(f->scale, MARGIN);
    struct panels_help local;
    const struct panels_help *h = help_at(f, &local);
    enum text_size size = (enum text_size)h->size;
    int pages = h->pages;
    int page = f->session->controls.help_page;
    page = page < 0 ? 0 : page >= pages ? pages - 1 : page;
    int lh = text_height(t, size), inner_w = h->keys_w + gap + h->what_w;
    int box_h = pages == 1 ? h->height : f->h - 2 * margin;
    SDL_Rect box = { (f->w - inner_w) / 2 - pad, (f->h - box_h) / 2, inner_w + 2 * pad, box_h };
    draw_box(f->renderer, box, prim_rgba(PALETTE_OVERLAY, 235));
    text_layer_open(t, box);
    int x = box.x + pad, y = box.y + pad;
    text_draw(t, TEXT_LARGE, x, y, TEXT_LEFT, prim_rgba(PALETTE_WHITE, 255), "Keys");
    y += text_height(t, TEXT_LARGE) + lh / 2;
    const char *keys, *what;
    for (int i = h->first[page]; i < h->first[page + 1] && controls_help_row(i, &keys, &what);
         i++) {
        text_draw(t, size, x, y, TEXT_LEFT, prim_rgba(PALETTE_ACCENT, 255), keys);
        y += lh * wrapped(t, size, what, h->what_w, true, x + h->keys_w + gap, y,
                          prim_rgba(PALETTE_TEXT, 255));
    }
    if (pages > 1) {
        char line[96];
        snprintf(line, sizeof line, "page %d of %d: %s", page + 1, pages,
                 page + 1 < pages ? "H for the next, Esc to close" : "H or Esc to close");
        text_draw_fit(t, size, x, y + lh / 2, TEXT_LEFT, prim_rgba(PALETTE_TEXT_DIM, 255),
                      inner_w, line);
        y += lh;
    }
    wrapped(t, TEXT_SMALL, help_footer, inner_w, true, x, y + lh / 2,
            prim_rgba(PALETTE_TEXT_DIM, 255));
    text_layer_close(t);
}

/* The toast: over the bottom of the view, above its footer, wrapped to the view's width (at
 * most three lines), never over the panels. */
#define TOAST_LINES 3

void panels_draw_toast(const struct panels_frame *f)
{
    const struct panels_toast *toast = f->toast;
    if (!toast || !toast->text[0] || f->now > toast->until)
        return;
    struct text *t = f->text;
    SDL_Rect v = f->layout->view;
    int pad = pt(f->scale, 10), lh = text_height(t, TEXT_NORMAL);
    int max_w = v.w - 2 * pad;
    char lines[TOAST_LINES][320];
    int count = 0, w = 0;
    for (const char *s = toast->text; *s && count < TOAST_LINES; count++) {
        size_t k = text_wrap(t, TEXT_NORMAL, s, max_w);
        if (count == TOAST_LINES - 1 && s[k])   /* more than fits: the rest, cut short */
            text_fit(t, TEXT_NORMAL, s, max_w, lines[count], sizeof lines[count]);
        else
            snprintf(lines[count], sizeof lines[count], "%.*s", (int)k, s);
        s += k;
        while (*s == ' ')
            s++;
        int lw = text_width(t, TEXT_NORMAL, lines[count]);
        w = lw > w ? lw : w;
    }
    SDL_Rect box = { v.x + (v.w - w) / 2 - pad, 0, w + 2 * pad, count * lh + pad };
    box.y = v.y + v.h - lh - pad - box.h;
    draw_box(f->renderer, box, prim_rgba(toast->error ? PALETTE_NOTE_ERROR : PALETTE_NOTE, 230));
    text_layer_open(t, box);
    for (int k = 0; k < count; k++)
        text_draw(t, TEXT_NORMAL, box.x + pad, box.y + pad / 2 + k * lh, TEXT_LEFT,
                  prim_rgba(PALETTE_WHITE, 255), lines[k]);
    text_layer_close(t);
}

/* The loss curve and the D_i strip under it over the timeline's steps, and the cursor
 * across both while a snapshot is replayed. */
static void draw_timeline(const struct panels_frame *f)
{
    const struct session *s = f->session;
    const struct panels_layout *l = f->layout;
    long s0, s1, step;
    bool replay = session_replaying(s, &step);
    replay_span(&s->replay, s->snap.step, &s0, &s1);
    view_loss_draw_span(f->renderer, f->text, f->scale, &s->loss, l->loss, s0, s1);
    struct view_timeline tl = { .track = &s->replay.track, .s0 = s0, .s1 = s1, .cursor = replay,
                                .cursor_step = step };
    view_timeline_draw(f->renderer, f->text, f->scale, &tl, l->timeline);
    if (replay) {
        SDL_Rect plot = view_loss_plot(f->text, f->scale, l->loss);
        view_timeline_cursor(f->renderer, f->scale, plot, view_timeline_x(plot, s0, s1, step));
    }
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
    /* the focused model as shown: live, or the snapshot replayed */
    struct view_context c;
    session_context(s, &c);
    const struct view_model *md = &c.main;
    long step;
    bool replay = session_replaying(s, &step);
    struct view_readout ro = {
        .step = step, .steps_per_sec = snap->steps_per_sec, .loss = md->loss,
        .paused = snap->settings.paused, .held = snap->settings.held, .act = md->act, .seed = snap->seed,
        .an = md->an, .fps = f->fps, .frame_ms = f->frame_ms, .W = md->W,
        .sets = md->sets, .replay = replay,
        .model = snap->kind == MODEL_TIED ? NULL : model_kind_name(snap->kind),
    };
    view_readout_draw(r, f->text, &ro, l->readout);
    draw_timeline(f);
    SDL_Rect table, heatmap;
    panels_features(l, f->text, f->scale, md->n, &table, &heatmap);
    view_bars_draw(r, f->text, f->scale, md->an, md->b, &snap->settings.sets, table);
    struct view_heatmap hm = { .W = md->W, .b = md->b, .n = md->n, .m = md->m,
                               .layer = f->layers ? &f->layers->heatmap : NULL };
    if (heatmap.h > 0)
        view_heatmap_draw(r, f->text, f->scale, &hm, heatmap);
    if (s->controls.help)
        draw_help(f);
    panels_draw_toast(f);
}

void panels_layers_finish(struct panels_layers *l)
{
    layer_finish(&l->view);
    layer_finish(&l->heatmap);
}
