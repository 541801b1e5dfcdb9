/* The window's capture: a frame is read only when one is due on the window's clock (fixed
 * intervals, not every frame drawn); the "REC" marker is drawn after the capture, so the
 * window shows it and the recording does not; the recording decodes to the frames captured;
 * a resized window ends the recording, saved.
 * With an argument, writes the window with its marker there as a PNG (to look at). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <SDL_image.h>

#include "canvas.h"
#include "capture.h"
#include "check.h"
#include "draw/palette.h"
#include "gifdec.h"

#define W 640
#define H 480

static bool marker_red(const Uint8 *p)
{
    const int r = (PALETTE_RECORD >> 16) & 255, g = (PALETTE_RECORD >> 8) & 255,
              b = PALETTE_RECORD & 255;
    return abs(p[0] - r) + abs(p[1] - g) + abs(p[2] - b) < 30;
}

/* Marker-red pixels in the top right quarter of an RGB24 or ARGB8888 picture. */
static int count_red(const Uint8 *px, int pitch, int bpp)
{
    int count = 0;
    for (int y = 0; y < H / 4; y++)
        for (int x = W / 2; x < W; x++) {
            const Uint8 *p = px + (size_t)y * pitch + (size_t)x * bpp;
            Uint8 rgb[3] = { p[0], p[1], p[2] };
            if (bpp == 4)   /* ARGB8888 in memory on little-endian: B, G, R, A */
                rgb[0] = p[2], rgb[2] = p[0];
            count += marker_red(rgb);
        }
    return count;
}

static void draw_scene(SDL_Renderer *r, int t)
{
    SDL_SetRenderDrawColor(r, 18, 20, 26, 255);
    SDL_RenderClear(r);
    SDL_SetRenderDrawColor(r, 240, 220, 60, 255);
    SDL_RenderFillRect(r, &(SDL_Rect){ 40 + 10 * t, 200, 40, 40 });
}

int main(int argc, char **argv)
{
    struct canvas cv;
    if (!canvas_init(&cv, W, H))
        return 1;
    char dir[] = "/tmp/superpose-capture-XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    struct capture c = { 0 };
    char msg[4400];
    const SDL_Rect view = { 0, 0, W, H };
    CHECK(capture_start(&c, &(struct recorder_desc){ .dir = dir, .fps = 10, .wait = true }, W, H,
                        100.0, msg, sizeof msg), "capture_start: %s", msg);
    /* 25 frames drawn over 1.2 s of the clock at 10 frames/s: ticks 0..12 captured */
    int red_shown = 0;
    for (int k = 0; k < 25; k++) {
        double now = 100.0 + k * 0.05;
        draw_scene(cv.renderer, k);
        CHECK(capture_frame(&c, cv.renderer, W, H, now, msg, sizeof msg) == CAPTURE_NOTHING,
              "frame %d: %s", k, msg);
        capture_marker(&c, cv.renderer, cv.text, 1.0f, view, now);
        red_shown = count_red(cv.surface->pixels, cv.surface->pitch, 4);
        CHECK(red_shown > 50, "frame %d: the marker has %d red pixels", k, red_shown);
    }
    if (argc > 1)
        IMG_SavePNG(cv.surface, argv[1]);
    long frames = 0, dropped = 0, bytes = 0;
    CHECK(capture_stop(&c, msg, sizeof msg, &frames, &dropped, &bytes) == CAPTURE_SAVED,
          "capture_stop: %s", msg);
    CHECK(frames == 13 && dropped == 0, "%ld frames captured (want 13), %ld dropped", frames,
          dropped);
    const char *why = "";
    GifFileType *g = gifdec_open(msg, &why);
    CHECK(g != NULL, "%s: %s", msg, why);
    if (g) {
        CHECK(g->ImageCount == 13, "%d frames decoded", g->ImageCount);
        unsigned char *rgb = calloc((size_t)W * H * 3, 1);
        int red = 0;
        for (int k = 0; k < g->ImageCount; k++) {
            CHECK(gifdec_compose(g, k, rgb), "frame %d", k);
            red += count_red(rgb, W * 3, 3);
        }
        CHECK(red == 0, "the recording shows %d marker-red pixels", red);
        printf("%d frames, %ld bytes, marker: %d red pixels shown, 0 recorded\n", g->ImageCount,
               bytes, red_shown);
        free(rgb);
        gifdec_close(g);
    }
    unlink(msg);

    /* The window resized while recording: the recording ends there, saved with what it has. */
    CHECK(capture_start(&c, &(struct recorder_desc){ .dir = dir, .fps = 10, .wait = true }, W, H,
                        0.0, msg, sizeof msg), "capture_start: %s", msg);
    draw_scene(cv.renderer, 0);
    capture_frame(&c, cv.renderer, W, H, 0.0, msg, sizeof msg);
    CHECK(capture_frame(&c, cv.renderer, W - 1, H, 0.5, msg, sizeof msg) == CAPTURE_SAVED &&
              c.frames == 1 && !capture_active(&c),
          "after a resize: %s, %ld frames", msg, c.frames);
    unlink(msg);
    rmdir(dir);
    canvas_finish(&cv);
    return check_result("capture");
}
