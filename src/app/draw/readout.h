/* The readout: step, steps/s, loss, represented count, the angle gaps next to the ideal
 * 360/k, frames per second and the model's state. */
#ifndef SUPERPOSE_APP_DRAW_READOUT_H
#define SUPERPOSE_APP_DRAW_READOUT_H

#include <SDL.h>

struct analysis;
struct text;
struct worker_snapshot;

struct view_readout {
    const struct worker_snapshot *snap;
    const struct analysis *an;
    double fps;        /* < 0: not shown (figures) */
    double frame_ms;   /* mean time to draw a frame */
};

/* Height the readout needs. */
int view_readout_height(struct text *text);
void view_readout_draw(SDL_Renderer *r, struct text *text, const struct view_readout *v,
                       SDL_Rect rect);

#endif
