/* The seeds view: models of the current settings from consecutive seeds side by side, sorted
 * by loss (the lowest first, framed), each captioned with its shape and its seed and loss;
 * above them the seeds grouped by shape with each group's loss. Its slider (the model count)
 * sits at the foot; the panels draw it there. */
#include "views.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "draw/grid.h"
#include "draw/palette.h"
#include "draw/prim.h"
#include "draw/sliders.h"
#include "text.h"

/* The summary wraps onto at most this many lines (the last cut with "..."). */
#define SUMMARY_LINES 3

static int sliders_height(struct text *text, float scale, SDL_Rect rect)
{
    return text ? view_sliders_height(text, scale, VIEW_SEEDS_SLIDERS, rect.h < 600 * scale)
                : (int)(40 * scale);
}

SDL_Rect views_seeds_slider_area(struct text *text, float scale, SDL_Rect rect)
{
    int h = sliders_height(text, scale, rect);
    return (SDL_Rect){ rect.x, rect.y + rect.h - h, rect.w, h };
}

/* The summary wrapped to the width, from y down; returns the height taken. */
static int draw_summary(struct text *text, const char *summary, SDL_Rect rect)
{
    const SDL_Color bright = prim_rgba(PALETTE_TEXT, 255);
    int needed = 0;
    for (const char *p = summary; *p && needed <= SUMMARY_LINES; needed++) {
        p += text_wrap(text, TEXT_NORMAL, p, rect.w);
        while (*p == ' ')
            p++;
    }
    const enum text_size size = needed > SUMMARY_LINES ? TEXT_SMALL : TEXT_NORMAL;
    const int lh = text_height(text, size);
    int y = rect.y;
    const char *p = summary;
    for (int line = 0; *p && line < SUMMARY_LINES; line++, y += lh) {
        size_t k = text_wrap(text, size, p, rect.w);
        char buf[640];
        size_t take = line == SUMMARY_LINES - 1 ? strlen(p) : k;
        take = take < sizeof buf ? take : sizeof buf - 1;
        memcpy(buf, p, take);
        buf[take] = 0;
        text_draw_fit(text, size, rect.x, y, TEXT_LEFT, bright, rect.w, buf);
        p += k;
        while (*p == ' ')
            p++;
    }
    return y - rect.y;
}

/* A shape's name in brief, where the name does not fit: "square + 1 dropped" as
 * "square +1 drop", "irregular" as "irreg.", "antipodal pairs" as "pairs". */
static void brief(const char *name, char *buf, size_t len)
{
    static const char *const words[][2] = {
        { " dropped", " drop" }, { "+ ", "+" }, { "irregular", "irreg." },
        { "antipodal pair", "pair" }, { "represented", "kept" },
    };
    size_t used = 0;
    for (const char *p = name; *p && used + 1 < len;) {
        size_t w = 0;
        while (w < sizeof words / sizeof words[0] &&
               strncmp(p, words[w][0], strlen(words[w][0])) != 0)
            w++;
        if (w == sizeof words / sizeof words[0]) {
            buf[used++] = *p++;
            continue;
        }
        used += (size_t)snprintf(buf + used, len - used, "%s", words[w][1]);
        used = used < len ? used : len - 1;
        p += strlen(words[w][0]);
    }
    buf[used] = 0;
}

void views_seeds_draw(SDL_Renderer *r, struct text *text, float scale,
                      const struct view_context *c, SDL_Rect rect)
{
    const struct view_seeds *v = c->seeds;
    struct view_grid_panel panels[VIEW_SEEDS_MAX];
    char lines[VIEW_SEEDS_MAX][64], shorts[VIEW_SEEDS_MAX][40], names[VIEW_SEEDS_MAX][96];
    int count = v->count < VIEW_SEEDS_MAX ? v->count : VIEW_SEEDS_MAX;
    const int gap = (int)(6 * scale);
    SDL_Rect grid = rect;
    grid.h -= sliders_height(text, scale, rect) + gap;
    if (text && v->summary[0]) {
        int h = draw_summary(text, v->summary, rect) + gap;
        grid.y += h;
        grid.h -= h;
    }
    for (int k = 0; k < count; k++) {
        const struct view_model *md = &v->models[k];
        if (isfinite(md->loss)) {
            snprintf(lines[k], sizeof lines[k], "%d. seed %" PRIu64 ", loss %.3g", k + 1,
                     v->seeds[k], md->loss);
            snprintf(shorts[k], sizeof shorts[k], "%.3g", md->loss);
        } else {
            snprintf(lines[k], sizeof lines[k], "%d. seed %" PRIu64 ", loss: measuring", k + 1,
                     v->seeds[k]);
            snprintf(shorts[k], sizeof shorts[k], "seed %" PRIu64, v->seeds[k]);
        }
        brief(md->caption ? md->caption : "", names[k], sizeof names[k]);
        panels[k] = (struct view_grid_panel){ .W = md->W, .n = md->n, .m = md->m, .an = md->an,
                                              .loss = md->loss, .caption = md->caption,
                                              .caption_short = names[k], .line = lines[k],
                                              .line_short = shorts[k] };
    }
    if (grid.h <= 0 || grid.w <= 0)
        return;
    view_grid_draw(r, text, panels, count, grid);
    if (count > 0 && isfinite(v->models[0].loss)) {
        /* the lowest loss, the one B adopts */
        SDL_Rect best = view_grid_cell(count, grid, 0);
        SDL_Color accent = prim_rgba(PALETTE_ACCENT, 200);
        SDL_SetRenderDrawColor(r, accent.r, accent.g, accent.b, accent.a);
        SDL_RenderDrawRect(r, &best);
    }
}
