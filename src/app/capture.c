#include "capture.h"

#include <math.h>
#include <stdio.h>

#include "draw/palette.h"
#include "draw/prim.h"
#include "text.h"

bool capture_start(struct capture *c, const struct recorder_desc *d, int w, int h, double now,
                   char *msg, size_t len)
{
    struct recorder_desc rd = *d;
    rd.width = w;
    rd.height = h;
    rd.fps = d->fps > 0 ? d->fps : RECORDER_DEFAULT_FPS;
    struct recorder *rec = recorder_create(&rd, msg, len);
    if (!rec)
        return false;
    *c = (struct capture){ .rec = rec, .w = w, .h = h, .t0 = now, .fps = rd.fps };
    return true;
}

bool capture_active(const struct capture *c)
{
    return c->rec != NULL;
}

enum capture_event capture_stop(struct capture *c, char *msg, size_t len, long *frames,
                                long *dropped, long *bytes)
{
    if (!c->rec)
        return CAPTURE_NOTHING;
    struct recorder_result res;
    recorder_destroy(c->rec, &res);
    *c = (struct capture){ .frames = res.frames, .dropped = res.dropped };
    snprintf(msg, len, "%s", res.message);
    if (frames)
        *frames = res.frames;
    if (dropped)
        *dropped = res.dropped;
    if (bytes)
        *bytes = res.bytes;
    return res.ok ? CAPTURE_SAVED : CAPTURE_FAILED;
}

void capture_finish(struct capture *c)
{
    if (c->rec && !c->stopping) {
        recorder_stop(c->rec);
        c->stopping = true;
    }
}

enum capture_event capture_frame(struct capture *c, SDL_Renderer *r, int w, int h, double now,
                                 char *msg, size_t len)
{
    if (!c->rec)
        return CAPTURE_NOTHING;
    if (c->stopping)
        return recorder_done(c->rec) ? capture_stop(c, msg, len, NULL, NULL, NULL)
                                     : CAPTURE_NOTHING;
    if (recorder_failed(c->rec, msg, len))
        return capture_stop(c, msg, len, NULL, NULL, NULL);
    if (w != c->w || h != c->h)
        return capture_stop(c, msg, len, NULL, NULL, NULL);
    /* The frame of the newest tick that is due: ticks missed (a slow frame) are skipped and
     * the frame before shows longer. */
    long tick = (long)floor((now - c->t0) * c->fps + 1e-6);
    if (tick < c->next_tick)
        return CAPTURE_NOTHING;
    c->next_tick = tick + 1;
    int pitch;
    unsigned char *p = recorder_frame(c->rec, tick, &pitch);
    if (p) {
        if (SDL_RenderReadPixels(r, NULL, SDL_PIXELFORMAT_RGB24, p, pitch) != 0) {
            recorder_stop(c->rec);
            recorder_destroy(c->rec, NULL);
            *c = (struct capture){ 0 };
            snprintf(msg, len, "cannot read the window: %s", SDL_GetError());
            return CAPTURE_FAILED;
        }
        recorder_commit(c->rec);
        return CAPTURE_NOTHING;
    }
    if (recorder_failed(c->rec, msg, len))
        return capture_stop(c, msg, len, NULL, NULL, NULL);
    c->dropped_told++;
    if (c->dropped_told == 1) {
        snprintf(msg, len, "recording: the encoder is behind, frames are being dropped "
                 "(the ones kept show longer)");
        return CAPTURE_DROPPING;
    }
    return CAPTURE_NOTHING;
}

void capture_marker(const struct capture *c, SDL_Renderer *r, struct text *text, float scale,
                    SDL_Rect rect, double now)
{
    if (!c->rec)
        return;
    if (c->stopping) {
        if (text)
            text_draw(text, TEXT_NORMAL, rect.x + rect.w - (int)(10 * scale), rect.y + (int)(10 * scale),
                      TEXT_RIGHT, prim_rgba(PALETTE_RECORD, 255), "saving the recording...");
        return;
    }
    const double t = now - c->t0;
    const float rad = 6.0f * scale, pad = 10.0f * scale;
    char label[32];
    snprintf(label, sizeof label, "REC %d:%02d", (int)(t / 60), (int)fmod(t, 60));
    int tw = text ? text_width(text, TEXT_NORMAL, label) : 0;
    float cy = (float)rect.y + pad + rad;
    float cx = (float)(rect.x + rect.w) - pad - (float)tw - 2 * rad - pad / 2;
    prim_disc(r, cx, cy, rad, prim_rgba(PALETTE_RECORD, 255));
    if (text)
        text_draw(text, TEXT_NORMAL, (int)(cx + rad + pad / 2), (int)cy, TEXT_LEFT | TEXT_MIDDLE,
                  prim_rgba(PALETTE_RECORD, 255), label);
}
