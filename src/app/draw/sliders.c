#include "sliders.h"

#include "prim.h"
#include "text.h"

static int row_height(struct text *text, float scale)
{
    return text_height(text, TEXT_SMALL) + (int)(24 * scale);
}

int view_sliders_height(struct text *text, float scale)
{
    return row_height(text, scale) * CONTROLS_SLIDER_COUNT;
}

SDL_Rect view_sliders_track(struct text *text, float scale, SDL_Rect area, enum controls_slider k)
{
    int row = row_height(text, scale);
    int y = area.y + row * (int)k + text_height(text, TEXT_SMALL) + (int)(2 * scale);
    int pad = (int)(8 * scale);
    return (SDL_Rect){ area.x + pad, y, area.w - 2 * pad, (int)(18 * scale) };
}

void view_sliders_draw(SDL_Renderer *r, struct text *text, float scale,
                       const struct controls *c, SDL_Rect area)
{
    struct prim_mesh mesh = { 0 };
    const SDL_Color dim = prim_rgba(0x9aa0aa, 255), bright = prim_rgba(0xe8e8ec, 255);
    for (int k = 0; k < CONTROLS_SLIDER_COUNT; k++) {
        SDL_Rect tr = view_sliders_track(text, scale, area, k);
        int y_text = tr.y - text_height(text, TEXT_SMALL) - (int)(2 * scale);
        char value[96];
        controls_slider_value(c, k, value, sizeof value);
        text_draw(text, TEXT_SMALL, tr.x, y_text, TEXT_LEFT, dim, controls_slider_name(k));
        text_draw(text, TEXT_SMALL, tr.x + tr.w, y_text, TEXT_RIGHT, bright, value);
        float mid = tr.y + tr.h * 0.5f;
        float pos = (float)controls_position(c, k);
        float knob = tr.x + pos * tr.w;
        bool active = c->drag == k;
        prim_mesh_line(&mesh, tr.x, mid, tr.x + tr.w, mid, 3 * scale, prim_rgba(0x3a3f4a, 255));
        prim_mesh_line(&mesh, tr.x, mid, knob, mid, 3 * scale, prim_rgba(0x5b8fd6, 255));
        prim_mesh_disc(&mesh, knob, mid, (active ? 8 : 6.5f) * scale,
                       active ? prim_rgba(0xffffff, 255) : prim_rgba(0xc9d6ea, 255));
    }
    prim_mesh_draw(r, &mesh);
    prim_mesh_finish(&mesh);
}
