/* The timeline of the focused model: the session's copy of its history (the steps, losses and
 * D_i the strip draws), a cursor on it, and the snapshot at the cursor, which the views draw
 * instead of the live model while replay is on (training goes on meanwhile). Main thread only;
 * the history comes through the worker's hand-over. */
#ifndef SUPERPOSE_APP_REPLAY_H
#define SUPERPOSE_APP_REPLAY_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis.h"
#include "history.h"
#include "worker.h"

/* Where a key moves the cursor: a page (a twentieth of the snapshots) or one snapshot back or
 * forward (forward from the newest: live), the first snapshot, or live. */
enum replay_move {
    REPLAY_PAGE_BACK,
    REPLAY_PAGE_FORWARD,
    REPLAY_BACK,
    REPLAY_FORWARD,
    REPLAY_FIRST,
    REPLAY_LIVE,
};

#define REPLAY_PAGES 20

struct replay {
    int m;
    struct history_track track;
    bool on;                                /* the views draw `shown`, not the live model */
    struct worker_history_snapshot shown;   /* the snapshot at the cursor */
    struct analysis an;                     /* of shown */
};

/* For the focused worker's history: `capacity` features in m dimensions. */
bool replay_init(struct replay *r, int capacity, int m);
/* Accepts a zeroed replay. */
void replay_finish(struct replay *r);

/* The newest history from the worker; true when it changed. */
bool replay_sync(struct replay *r, struct worker *w);
/* The run started over (or the worker is new): live, and the copy forgotten. */
void replay_clear(struct replay *r);

/* Moves the cursor; true when what is shown changed (another snapshot, or live). */
bool replay_move(struct replay *r, struct worker *w, enum replay_move move);
/* The cursor to the snapshot nearest step; past the newest by more than half a spacing: live.
 * True when what is shown changed. */
bool replay_seek(struct replay *r, struct worker *w, long step);
/* The cursor's index in the track (-1 when live). */
int replay_index(const struct replay *r);

/* "replay step=K index=I of=C" or "live step=K": the trace's line. */
void replay_describe(const struct replay *r, long live_step, char *buf, size_t len);

/* The steps the timeline spans: its first snapshot to the live step (or the newest snapshot
 * when that is later). */
void replay_span(const struct replay *r, long live_step, long *s0, long *s1);

#endif
