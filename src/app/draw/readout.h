/* The readout: step, steps/s, loss, represented count, the angle gaps beside the shape with the
 * lowest known loss for that many features (or, when the data has feature sets, the angle
 * within each set instead: that shape is for independent features), frames per second and the
 * model's state. */
#ifndef SUPERPOSE_APP_DRAW_READOUT_H
#define SUPERPOSE_APP_DRAW_READOUT_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>

#include "model.h"

struct analysis;
struct featsets;
struct text;

struct view_readout {
    long step;
    double steps_per_sec;
    double loss;                  /* the curve's value; not finite: none yet */
    bool paused;
    bool held;                    /* paused by the window (worker_settings.held) */
    enum model_activation act;
    uint64_t seed;
    const struct analysis *an;
    const float *W;               /* an's weights, n x m: the angles within sets */
    const struct featsets *sets;  /* NULL: none */
    double fps;                   /* < 0: not shown (figures) */
    double frame_ms;              /* mean time to draw a frame */
    const char *model;            /* in place of the activation's name (NULL: the activation) */
    bool replay;                  /* step is a snapshot's, replayed: said so */
};

/* Height the readout needs. */
int view_readout_height(struct text *text);
void view_readout_draw(SDL_Renderer *r, struct text *text, const struct view_readout *v,
                       SDL_Rect rect);

#endif
