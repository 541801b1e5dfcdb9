/* For the tests: an animated GIF read whole with giflib's DGifSlurp, and its frames composed
 * as a viewer shows them (each frame's rectangle over the one before, its transparent index
 * keeping what was there). */
#ifndef SUPERPOSE_TESTS_GIFDEC_H
#define SUPERPOSE_TESTS_GIFDEC_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <gif_lib.h>

/* NULL with giflib's reason in *why when the file is not a GIF that decodes. */
static inline GifFileType *gifdec_open(const char *path, const char **why)
{
    int e = 0;
    GifFileType *g = DGifOpenFileName(path, &e);
    if (!g) {
        *why = GifErrorString(e);
        return NULL;
    }
    if (DGifSlurp(g) != GIF_OK) {
        *why = GifErrorString(g->Error);
        DGifCloseFile(g, &e);
        return NULL;
    }
    return g;
}

static inline void gifdec_close(GifFileType *g)
{
    int e;
    if (g)
        DGifCloseFile(g, &e);
}

/* Frame k's delay in hundredths of a second, or -1 without a control block. */
static inline int gifdec_delay(GifFileType *g, int k)
{
    GraphicsControlBlock gcb;
    return DGifSavedExtensionToGCB(g, k, &gcb) == GIF_OK ? gcb.DelayTime : -1;
}

/* Draws frame k over rgb (SWidth x SHeight, 3 bytes a pixel), which must hold frame k - 1 as
 * composed (zeros before frame 0). False when its rectangle leaves the screen or it has no
 * colour map. */
static inline bool gifdec_compose(GifFileType *g, int k, unsigned char *rgb)
{
    const SavedImage *im = &g->SavedImages[k];
    const GifImageDesc *d = &im->ImageDesc;
    const ColorMapObject *map = d->ColorMap ? d->ColorMap : g->SColorMap;
    GraphicsControlBlock gcb = { .TransparentColor = NO_TRANSPARENT_COLOR };
    DGifSavedExtensionToGCB(g, k, &gcb);
    if (!map || d->Left < 0 || d->Top < 0 || d->Left + d->Width > g->SWidth ||
        d->Top + d->Height > g->SHeight)
        return false;
    for (int y = 0; y < d->Height; y++)
        for (int x = 0; x < d->Width; x++) {
            int c = im->RasterBits[(size_t)y * d->Width + x];
            if (c == gcb.TransparentColor)
                continue;
            if (c >= map->ColorCount)
                return false;
            unsigned char *p = rgb + 3 * ((size_t)(d->Top + y) * g->SWidth + d->Left + x);
            p[0] = map->Colors[c].Red, p[1] = map->Colors[c].Green, p[2] = map->Colors[c].Blue;
        }
    return true;
}

#endif
