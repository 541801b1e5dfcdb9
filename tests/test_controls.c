/* The sliders and the key table: ranges, log scales, Shift for finer steps, and a message
 * (never a silent clamp) when a key would go past a range end. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "controls.h"

static int failures;

#define CHECK(cond, ...)                                                                      \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                                   \
            fprintf(stderr, __VA_ARGS__);                                                     \
            fputc('\n', stderr);                                                              \
            failures++;                                                                       \
        }                                                                                     \
    } while (0)

static struct controls fresh(void)
{
    struct controls c;
    controls_init(&c, &(struct worker_settings){ .density = 0.02, .decay = 0.9, .lr = 1e-3,
                                                 .features = 5, .act = MODEL_RELU, .speed = 500 });
    return c;
}

int main(void)
{
    struct controls c = fresh();
    /* Right raises the sparsity S, i.e. lowers the density 1 - S, on a log scale. */
    unsigned r = controls_key(&c, SDLK_RIGHT, 0);
    CHECK(r == CONTROLS_CHANGED && c.settings.density < 0.02, "Right: density %g", c.settings.density);
    double coarse = 0.02 / c.settings.density;
    c = fresh();
    controls_key(&c, SDLK_RIGHT, KMOD_LSHIFT);
    CHECK(0.02 / c.settings.density < coarse && c.settings.density < 0.02, "Shift is not finer");

    /* Walk to the sparse end: the value stops at 0.001 and the last presses say so. */
    c = fresh();
    unsigned last = 0;
    for (int k = 0; k < 40; k++)
        last = controls_key(&c, SDLK_RIGHT, 0);
    CHECK(fabs(c.settings.density - 0.001) < 1e-12, "density end %g", c.settings.density);
    CHECK(last == CONTROLS_MESSAGE, "no message at the end (%u)", last);
    CHECK(strstr(c.message, "0.001") && strstr(c.message, "sparsity"), "message: %s", c.message);

    c = fresh();
    for (int k = 0; k < 40; k++)
        last = controls_key(&c, SDLK_UP, 0);
    CHECK(c.settings.features == CONTROLS_FEATURES_MAX && last == CONTROLS_MESSAGE,
          "features end %d", c.settings.features);
    for (int k = 0; k < 40; k++)
        last = controls_key(&c, SDLK_DOWN, 0);
    CHECK(c.settings.features == 1 && last == CONTROLS_MESSAGE && strstr(c.message, "1 to 32"),
          "features low end %d: %s", c.settings.features, c.message);

    c = fresh();
    controls_key(&c, SDLK_RIGHTBRACKET, 0);
    controls_key(&c, SDLK_RIGHTBRACKET, 0);
    last = controls_key(&c, SDLK_RIGHTBRACKET, 0);
    CHECK(c.settings.decay == 1.0 && (last & CONTROLS_MESSAGE), "decay end %g", c.settings.decay);

    /* Speed: + doubles, past 1e6 comes unlimited (0), then a message. */
    c = fresh();
    controls_key(&c, SDLK_KP_PLUS, 0);
    CHECK(fabs(c.settings.speed - 1000) < 1e-3, "speed %g", c.settings.speed);
    for (int k = 0; k < 20; k++)
        last = controls_key(&c, SDLK_EQUALS, KMOD_SHIFT);
    CHECK(c.settings.speed == 0 && last == CONTROLS_MESSAGE, "speed not unlimited: %g",
          c.settings.speed);
    controls_key(&c, SDLK_MINUS, 0);
    CHECK(fabs(c.settings.speed - 1e6) < 1, "minus from unlimited: %g", c.settings.speed);

    /* Toggles and commands. */
    c = fresh();
    CHECK(controls_key(&c, SDLK_SPACE, 0) == CONTROLS_CHANGED && c.settings.paused, "pause");
    CHECK(controls_key(&c, SDLK_l, 0) == CONTROLS_CHANGED && c.settings.act == MODEL_LINEAR, "L");
    CHECK(controls_key(&c, SDLK_r, 0) == CONTROLS_REINIT, "R");
    CHECK(controls_key(&c, SDLK_s, 0) == CONTROLS_SCREENSHOT, "S");
    CHECK(controls_key(&c, SDLK_q, 0) == CONTROLS_QUIT, "Q");
    CHECK(controls_key(&c, SDLK_ESCAPE, 0) == CONTROLS_QUIT, "Esc");
    controls_key(&c, SDLK_F1, 0);
    CHECK(c.help, "F1");
    controls_key(&c, SDLK_h, 0);
    CHECK(!c.help, "H");

    /* View keys: G, D and V switch the view; the same key again goes back. */
    c = fresh();
    CHECK(c.view == CONTROLS_VIEW_MAIN, "starts in the main view");
    CHECK(controls_key(&c, SDLK_g, 0) == CONTROLS_VIEW && c.view == CONTROLS_VIEW_SWEEP, "G");
    CHECK(controls_key(&c, SDLK_d, 0) == CONTROLS_VIEW && c.view == CONTROLS_VIEW_DIMS, "D");
    CHECK(controls_key(&c, SDLK_v, 0) == CONTROLS_VIEW && c.view == CONTROLS_VIEW_COMPARE, "V");
    CHECK(controls_key(&c, SDLK_v, 0) == CONTROLS_VIEW && c.view == CONTROLS_VIEW_MAIN, "V back");
    controls_key(&c, SDLK_g, 0);
    CHECK(controls_key(&c, SDLK_g, 0) == CONTROLS_VIEW && c.view == CONTROLS_VIEW_MAIN, "G back");

    /* Slider positions round-trip; sparsity grows to the right. */
    c = fresh();
    for (int k = 0; k < CONTROLS_SLIDER_COUNT; k++) {
        double p = controls_position(&c, k);
        struct worker_settings before = c.settings;
        controls_set_position(&c, k, p);
        CHECK(fabs(controls_position(&c, k) - p) < 1e-9, "slider %d position drifts", k);
        (void)before;
    }
    controls_set_position(&c, CONTROLS_SPARSITY, 1.0);
    CHECK(fabs(c.settings.density - 0.001) < 1e-12, "sparsity slider right end %g", c.settings.density);
    controls_set_position(&c, CONTROLS_SPEED, 1.0);
    CHECK(c.settings.speed == 0, "speed slider right end is not unlimited");

    /* Every help row has keys and a description. */
    const char *keys, *what;
    int rows = 0;
    for (; controls_help_row(rows, &keys, &what); rows++)
        CHECK(keys[0] && what[0], "empty help row %d", rows);
    CHECK(rows >= 14, "help rows %d", rows);
    /* The help overlay lists the view keys (it is the same table). */
    bool g = false, d = false, v = false;
    for (int i = 0; controls_help_row(i, &keys, &what); i++) {
        g |= strcmp(keys, "G") == 0;
        d |= strcmp(keys, "D") == 0;
        v |= strcmp(keys, "V") == 0;
    }
    CHECK(g && d && v, "help lacks G, D or V");

    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
