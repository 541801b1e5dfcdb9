/* The live loss curve: a history of (step, loss) thinned as it grows, drawn on a log axis. */
#ifndef SUPERPOSE_APP_DRAW_LOSS_H
#define SUPERPOSE_APP_DRAW_LOSS_H

#include <SDL.h>

struct text;

#define VIEW_LOSS_POINTS 512

struct view_loss {
    int count;
    long every;                       /* keep one point per this many steps */
    long step[VIEW_LOSS_POINTS];
    double loss[VIEW_LOSS_POINTS];
};

void view_loss_clear(struct view_loss *h);
/* Adds a point if at least `every` steps passed since the last; halves the history when full.
 * Non-finite losses are not recorded. */
void view_loss_push(struct view_loss *h, long step, double loss);
void view_loss_draw(SDL_Renderer *r, struct text *text, float scale, const struct view_loss *h,
                    SDL_Rect rect);
/* The same over steps s0 to s1 instead of the curve's own first and last (the timeline's
 * span, so that the strip under it lines up). */
void view_loss_draw_span(SDL_Renderer *r, struct text *text, float scale,
                         const struct view_loss *h, SDL_Rect rect, long s0, long s1);
/* Where the curve is plotted inside rect. */
SDL_Rect view_loss_plot(struct text *text, float scale, SDL_Rect rect);

#endif
