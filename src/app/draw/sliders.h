/* The sliders: name and value in text above a track with a knob. */
#ifndef SUPERPOSE_APP_DRAW_SLIDERS_H
#define SUPERPOSE_APP_DRAW_SLIDERS_H

#include <SDL.h>

#include "controls.h"

struct text;

/* Height of the sliders for an area: one row per slider. */
int view_sliders_height(struct text *text, float scale);
/* The track (the hit area for the mouse) of slider k in an area. */
SDL_Rect view_sliders_track(struct text *text, float scale, SDL_Rect area, enum controls_slider k);
void view_sliders_draw(SDL_Renderer *r, struct text *text, float scale,
                       const struct controls *c, SDL_Rect area);

#endif
