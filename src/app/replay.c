#include "replay.h"

#include <stdio.h>
#include <stdlib.h>

bool replay_init(struct replay *r, int capacity, int m)
{
    *r = (struct replay){ .m = m, .shown = { .capacity = capacity } };
    r->shown.W = calloc((size_t)capacity * (size_t)m, sizeof *r->shown.W);
    r->shown.b = calloc((size_t)capacity, sizeof *r->shown.b);
    if (!r->shown.W || !r->shown.b || !analysis_init(&r->an, capacity) ||
        !history_track_init(&r->track, &(struct history_desc){ .features = capacity,
                                                               .hidden = m })) {
        replay_finish(r);
        return false;
    }
    return true;
}

void replay_finish(struct replay *r)
{
    history_track_finish(&r->track);
    analysis_finish(&r->an);
    free(r->shown.W);
    free(r->shown.b);
    *r = (struct replay){ 0 };
}

bool replay_sync(struct replay *r, struct worker *w)
{
    return worker_take_history(w, &r->track);
}

void replay_clear(struct replay *r)
{
    r->on = false;
    history_track_clear(&r->track);
}

int replay_index(const struct replay *r)
{
    return r->on ? history_track_find(&r->track, r->shown.meta.step) : -1;
}

static bool live(struct replay *r)
{
    bool was = r->on;
    r->on = false;
    return was;
}

/* Shows snapshot k of the track (the worker's newest at or before its step, should it have
 * been thinned away since the last sync). */
static bool show(struct replay *r, struct worker *w, int k)
{
    if (k < 0 || k >= r->track.count)
        return false;
    long before = r->shown.meta.step;
    bool was = r->on;
    if (!worker_history_snapshot(w, r->track.meta[k].step, &r->shown))
        return false;
    r->on = true;
    analysis_compute(&r->an, r->shown.W, r->shown.n, r->m);
    return !was || before != r->shown.meta.step;
}

bool replay_move(struct replay *r, struct worker *w, enum replay_move move)
{
    int count = r->track.count, page = count / REPLAY_PAGES > 1 ? count / REPLAY_PAGES : 1;
    /* live stands one past the newest snapshot */
    int at = r->on ? replay_index(r) : count;
    int to = at;
    switch (move) {
    case REPLAY_PAGE_BACK: to = at - page; break;
    case REPLAY_PAGE_FORWARD: to = at + page; break;
    case REPLAY_BACK: to = at - 1; break;
    case REPLAY_FORWARD: to = at + 1; break;
    case REPLAY_FIRST: to = 0; break;
    case REPLAY_LIVE: to = count; break;
    }
    if (count == 0)
        return false;
    if (to >= count)
        return live(r);
    return show(r, w, to < 0 ? 0 : to);
}

bool replay_seek(struct replay *r, struct worker *w, long step)
{
    const struct history_track *t = &r->track;
    int k = history_track_find(t, step);
    if (k < 0)
        return false;
    if (k == t->count - 1 && step - t->meta[k].step > t->every / 2)
        return live(r);
    if (k + 1 < t->count && t->meta[k + 1].step - step < step - t->meta[k].step)
        k++;
    return show(r, w, k);
}

void replay_span(const struct replay *r, long live_step, long *s0, long *s1)
{
    const struct history_track *t = &r->track;
    *s0 = t->count ? t->meta[0].step : live_step;
    *s1 = t->count && t->meta[t->count - 1].step > live_step ? t->meta[t->count - 1].step
                                                              : live_step;
    if (*s0 > *s1)
        *s0 = *s1;
}

void replay_describe(const struct replay *r, long live_step, char *buf, size_t len)
{
    if (r->on)
        snprintf(buf, len, "replay step=%ld index=%d of=%d", r->shown.meta.step,
                 replay_index(r), r->track.count);
    else
        snprintf(buf, len, "live step=%ld", live_step);
}
