/* The colours every view, panel and figure draws with, as 0xRRGGBB for prim_rgba: one name per
 * role, so a colour is chosen once. */
#ifndef SUPERPOSE_APP_DRAW_PALETTE_H
#define SUPERPOSE_APP_DRAW_PALETTE_H

#define PALETTE_BACKGROUND 0x12141a          /* the window */
#define PALETTE_FIGURE_BACKGROUND 0x14161c   /* figures; the 3D view fogs towards it */
#define PALETTE_PLOT 0x1c1f26                /* the ground of a plot (loss, dimensionality) */
#define PALETTE_OVERLAY 0x0b0d12             /* the help overlay's box */
#define PALETTE_WHITE 0xffffff               /* with alpha: guides, grids, outlines */

#define PALETTE_TEXT 0xe8e8ec                /* values, titles */
#define PALETTE_TEXT_DIM 0x9aa0aa            /* names, legends, axes */
#define PALETTE_TEXT_SOFT 0xb4b9c2           /* secondary text on the phase diagram's dark ground */
#define PALETTE_ACCENT 0xf2a541              /* paused, the keys in the help, the loss curve */
#define PALETTE_NOTE 0x1e3a5a                /* a toast */
#define PALETTE_NOTE_ERROR 0x5a1e1e          /* a toast that reports a failure */
#define PALETTE_NAN 0x808080                 /* a value that is not finite */
#define PALETTE_ERROR 0xff6060               /* text: "training diverged" */
#define PALETTE_WARNING 0xff7060             /* text: a preview that is not the recipe's */

/* The least contrast text is drawn with against its ground (WCAG 2's AA level for text). */
#define PALETTE_TEXT_CONTRAST 4.5

#define PALETTE_SLIDER_TRACK 0x3a3f4a
#define PALETTE_SLIDER_FILL 0x5b8fd6
#define PALETTE_SLIDER_KNOB 0xc9d6ea

/* The per-feature bars: superposition 0 (a dimension of its own) to 1 (shares it). */
#define PALETTE_SUPERPOSITION_LOW 0x2f4b7c
#define PALETTE_SUPERPOSITION_HIGH 0xffd23f

/* Feature sets in the data (correlated, anticorrelated): one hue per set, away from viridis's
 * blues, greens and yellows so a set's mark never reads as a feature's own colour. */
#define PALETTE_SET_0 0xee6677
#define PALETTE_SET_1 0x66ccee
#define PALETTE_SET_2 0xd67be0
#define PALETTE_SET_3 0xff9f40
#define PALETTE_SET_COUNT 4

#define PALETTE_EDGE 0xdfe3ea                /* the 3D view's lines between interfering features */

/* The SAE view: its decoder directions white beside the features' viridis, dead latents red, a
 * resampled latent flashing cyan; its firing rates and the two terms of its loss. */
#define PALETTE_SAE_DECODER 0xf4f6fa
#define PALETTE_SAE_DEAD 0xff5a5a
#define PALETTE_SAE_FLASH 0x6fe3ff
#define PALETTE_SAE_RATE 0x9fb8d8
#define PALETTE_SAE_RECONSTRUCTION 0x5b8fd6
#define PALETTE_SAE_SPARSITY 0xf2a541

/* The phase diagram's solutions: Paul Tol's "bright" scheme, distinct for the common
 * colour-vision deficiencies. */
#define PALETTE_PHASE_DROPPED 0x4477aa
#define PALETTE_PHASE_TAKES 0xccbb44
#define PALETTE_PHASE_ANTIPODAL 0xee6677
#define PALETTE_PHASE_OTHER 0x777777
#define PALETTE_PHASE_EMPTY 0x262a33         /* a cell not trained yet */
#define PALETTE_PHASE_GROUND 0x101217        /* between the cells; the dot on a cell */

/* The window's recording marker (drawn after the frame is captured, so never recorded). */
#define PALETTE_RECORD 0xe53935

#endif
