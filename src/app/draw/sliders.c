#include "sliders.h"

#include "palette.h"
#include "prim.h"
#include "text.h"

int view_sliders_height(struct text *text, float scale, int count, bool compact)
{
    return (text_height(text, TEXT_SMALL) + (int)((compact ? 16 : 24) * scale)) * count;
}

SDL_Rect view_sliders_track(struct text *text, float scale, SDL_Rect area, int count, int k)
{
    int row = area.h / (count > 0 ? count : 1), th = text_height(text, TEXT_SMALL);
    int y = area.y + row * k + th + (int)(2 * scale);
    int pad = (int)(8 * scale), h = row - th - (int)(4 * scale);
    return (SDL_Rect){ area.x + pad, y, area.w - 2 * pad, h < 18 * scale ? h : (int)(18 * scale) };
}

void view_sliders_draw(SDL_Renderer *r, struct text *text, float scale,
                       const struct view_slider *sliders, int count, SDL_Rect area)
{
    struct prim_mesh mesh = { 0 };
    const SDL_Color dim = prim_rgba(PALETTE_TEXT_DIM, 255), bright = prim_rgba(PALETTE_TEXT, 255);
    for (int k = 0; k < count; k++) {
        const struct view_slider *sl = &sliders[k];
        SDL_Rect tr = view_sliders_track(text, scale, area, count, k);
        int y_text = tr.y - text_height(text, TEXT_SMALL) - (int)(2 * scale);
        /* the value first: the name gives way when both do not fit */
        int value_w = text_draw_fit(text, TEXT_SMALL, tr.x + tr.w, y_text, TEXT_RIGHT, bright,
                                    tr.w, sl->value);
        text_draw_fit(text, TEXT_SMALL, tr.x, y_text, TEXT_LEFT, dim,
                      tr.w - value_w - (int)(12 * scale), sl->name);
        float mid = tr.y + tr.h * 0.5f;
        float knob = tr.x + (float)sl->position * tr.w;
        prim_mesh_line(&mesh, tr.x, mid, tr.x + tr.w, mid, 3 * scale,
                       prim_rgba(PALETTE_SLIDER_TRACK, 255));
        prim_mesh_line(&mesh, tr.x, mid, knob, mid, 3 * scale, prim_rgba(PALETTE_SLIDER_FILL, 255));
        prim_mesh_disc(&mesh, knob, mid, (sl->active ? 8 : 6.5f) * scale,
                       prim_rgba(sl->active ? PALETTE_WHITE : PALETTE_SLIDER_KNOB, 255));
    }
    prim_mesh_draw(r, &mesh);
    prim_mesh_finish(&mesh);
}
