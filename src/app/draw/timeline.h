/* The timeline strip under the loss curve: every feature's dimensionality D_i (0 at the
 * bottom, 1 at the top) over the steps of the history's snapshots, each line in its vector's
 * colour, so that the paper's jumps between sticky values show as steps; a change of
 * HISTORY_JUMP or more within a sixty-fourth of the steps shown is ringed. A cursor marks the
 * snapshot replayed. Its x axis is the loss curve's (view_loss_plot) over the same steps. */
#ifndef SUPERPOSE_APP_DRAW_TIMELINE_H
#define SUPERPOSE_APP_DRAW_TIMELINE_H

#include <stdbool.h>

#include <SDL.h>

struct history_track;
struct text;

struct view_timeline {
    const struct history_track *track;
    long s0, s1;        /* the steps at the plot's left and right ends */
    bool cursor;        /* draw the cursor at cursor_step */
    long cursor_step;
};

/* The strip's height: a title line and the plot, the values 1 and 0 beside it (compact: a
 * shorter plot alone, "D_i" beside it; a rect shorter than the full form gets that). */
int view_timeline_height(struct text *text, float scale, bool compact);
/* Where the D_i are plotted inside rect. */
SDL_Rect view_timeline_plot(struct text *text, float scale, SDL_Rect rect);
/* The x of a step on a plot spanning s0 to s1 (clamped to the plot). */
float view_timeline_x(SDL_Rect plot, long s0, long s1, long step);
/* Draws the strip into rect; how many jumps it ringed (what the render test counts). */
int view_timeline_draw(SDL_Renderer *r, struct text *text, float scale,
                       const struct view_timeline *v, SDL_Rect rect);
/* The cursor's line across a plot (the loss curve's too). */
void view_timeline_cursor(SDL_Renderer *r, float scale, SDL_Rect plot, float x);

#endif
