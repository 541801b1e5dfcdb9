/* Inside the controls module only (controls.c, controls_keys.c): the key table, whose rows
 * controls.c acts on and controls_keys.c lists in the help and the footer. */
#ifndef SUPERPOSE_APP_CONTROLS_KEYS_H
#define SUPERPOSE_APP_CONTROLS_KEYS_H

#include <SDL.h>

enum controls_action {
    ACT_SLIDER,
    ACT_PAUSE,
    ACT_REINIT,
    ACT_ACTIVATION,
    ACT_HELP,
    ACT_VIEWS,   /* the view table's rows, each its key: that view, or back to the main */
    ACT_HIDDEN,
    ACT_PRESET,
    ACT_ROTATE,
    ACT_SCREENSHOT,
    ACT_QUIT,
    ACT_SAE_KIND,
    ACT_SAE_RESAMPLE,
    ACT_SAE_RESTART,
    ACT_RECORD,
    ACT_ADOPT,
    ACT_NONE,   /* a help row only (the Shift modifier) */
    ACT_MODEL,
    ACT_TIMELINE,   /* arg 0: a page (Shift: a snapshot) back / forward; 1: first / live */
};

/* One row of the key table: keys that move down (or act), keys that move up. */
struct controls_binding {
    const char *keys;
    const char *what;
    enum controls_action action;
    int arg;   /* the slider, or the rotation's axis (0 yaw, 1 pitch) */
    SDL_Keycode down[3];
    SDL_Keycode up[3];
};

extern const struct controls_binding controls_bindings[];
extern const int controls_binding_count;

#endif
