/* The sliders: name and value in text above a track with a knob. */
#ifndef SUPERPOSE_APP_DRAW_SLIDERS_H
#define SUPERPOSE_APP_DRAW_SLIDERS_H

#include <stdbool.h>

#include <SDL.h>

struct text;

struct view_slider {
    const char *name;
    const char *value;    /* as shown at the right */
    double position;      /* the knob, 0 (left) to 1 (right) */
    bool active;          /* being dragged */
};

/* Height of `count` sliders: one row each, comfortable or compact (a short window). */
int view_sliders_height(struct text *text, float scale, int count, bool compact);
/* The track (the hit area for the mouse) of slider k of count in an area (its rows share the
 * area's height). */
SDL_Rect view_sliders_track(struct text *text, float scale, SDL_Rect area, int count, int k);
void view_sliders_draw(SDL_Renderer *r, struct text *text, float scale,
                       const struct view_slider *sliders, int count, SDL_Rect area);

#endif
