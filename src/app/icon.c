#include "icon.h"

#include <math.h>

#include "analysis.h"
#include "draw/prim.h"
#include "draw/vectors.h"
#include "trainer.h"

/* The window's background (draw/polytope.c, figures.c). */
#define PLATE_COLOUR 0x14161c
/* The longest vector's tip lies this far from the centre, in units of the side. */
#define TIP_RADIUS 0.34
/* Line widths and dot radii, in units of the side (the main view's 4 : 7 line to dot). */
#define VECTOR_WIDTH 0.05f
#define TIP_DOT 0.075f

static void add(struct icon *ic, struct icon_shape s)
{
    if (ic->count < ICON_SHAPES_MAX)
        ic->shape[ic->count++] = s;
}

/* The vectors turned by `turn` radians and scaled by k into the icon (y down). */
static void place(const float *w, double turn, double k, float *x, float *y)
{
    double c = cos(turn), s = sin(turn);
    *x = (float)(0.5 + k * (c * w[0] - s * w[1]));
    *y = (float)(0.5 - k * (s * w[0] + c * w[1]));
}

static void lay_out(struct icon *ic, const float *W, int n, const struct analysis *an)
{
    double longest = 0;
    for (int i = 0; i < n; i++)
        longest = fmax(longest, an->norms[i]);
    double k = TIP_RADIUS / fmax(longest, 1e-6);
    /* Feature 0, the most important, points up: a rotation, so the geometry is the learned one. */
    double turn = M_PI / 2 - atan2(W[1], W[0]);
    add(ic, (struct icon_shape){ ICON_PLATE, 0.03f, 0.03f, 0.97f, 0.97f, .r = 0.17f,
                                 .c = prim_rgba(PLATE_COLOUR, 255) });
    add(ic, (struct icon_shape){ ICON_RING, 0.5f, 0.5f, .r = (float)k, .w = 0.012f,
                                 .c = prim_rgba(0xffffff, 55), .min_size = 48 });
    for (int j = 0; an->represented > 2 && j < an->represented; j++) {
        int a = an->order[j], b = an->order[(j + 1) % an->represented];
        struct icon_shape s = { ICON_LINE, .w = 0.018f, .c = prim_rgba(0xffffff, 70),
                                .min_size = 32 };
        place(W + 2 * a, turn, k, &s.x0, &s.y0);
        place(W + 2 * b, turn, k, &s.x1, &s.y1);
        add(ic, s);
    }
    /* Least important first, so that the important ones lie on top (as in the main view). */
    for (int i = n - 1; i >= 0; i--) {
        if (an->norms[i] <= ANALYSIS_REPRESENTED_NORM)
            continue;
        SDL_Color c = view_vectors_colour(i, n, 255);
        struct icon_shape line = { ICON_LINE, 0.5f, 0.5f, .w = VECTOR_WIDTH, .c = c };
        place(W + 2 * i, turn, k, &line.x1, &line.y1);
        add(ic, line);
        add(ic, (struct icon_shape){ ICON_DISC, line.x1, line.y1, .r = TIP_DOT, .c = c });
    }
    ic->represented = an->represented;
}

bool icon_build(struct icon *ic, char *err, size_t errlen)
{
    *ic = (struct icon){ 0 };
    struct trainer_desc desc = TRAINER_DESC_DEFAULT;
    struct analysis an = { 0 };
    bool ok = false;
    struct trainer *t = trainer_create(&desc);
    if (!t || !analysis_init(&an, desc.features)) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    for (long s = 0; s < TRAINER_DEFAULT_STEPS; s++)
        if (!trainer_step(t)) {
            snprintf(err, errlen, "the default model diverged at step %ld", s);
            goto out;
        }
    const struct model *md = trainer_model(t);
    analysis_compute(&an, md->W, md->n, md->m);
    lay_out(ic, md->W, md->n, &an);
    ok = true;
out:
    analysis_finish(&an);
    trainer_destroy(t);
    return ok;
}

static void svg_colour(FILE *f, const char *what, SDL_Color c)
{
    fprintf(f, " %s=\"#%02x%02x%02x\"", what, c.r, c.g, c.b);
    if (c.a != 255)
        fprintf(f, " %s-opacity=\"%.3f\"", what, c.a / 255.0);
}

bool icon_write_svg(const struct icon *ic, FILE *f)
{
    const double side = 256; /* the viewBox: units of the side times this */
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<!-- superpose's icon, written by superpose-docgen: the default model's learned "
               "feature vectors. -->\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%g\" height=\"%g\" "
               "viewBox=\"0 0 %g %g\">\n", side, side, side, side);
    for (int i = 0; i < ic->count; i++) {
        const struct icon_shape *s = &ic->shape[i];
        double x0 = s->x0 * side, y0 = s->y0 * side, x1 = s->x1 * side, y1 = s->y1 * side;
        double r = s->r * side, w = s->w * side;
        switch (s->kind) {
        case ICON_PLATE:
            fprintf(f, "  <rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" rx=\"%.2f\"",
                    x0, y0, x1 - x0, y1 - y0, r);
            svg_colour(f, "fill", s->c);
            break;
        case ICON_RING:
            fprintf(f, "  <circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\" fill=\"none\" "
                       "stroke-width=\"%.2f\"", x0, y0, r, w);
            svg_colour(f, "stroke", s->c);
            break;
        case ICON_LINE:
            fprintf(f, "  <line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
                       "stroke-width=\"%.2f\"", x0, y0, x1, y1, w);
            svg_colour(f, "stroke", s->c);
            break;
        case ICON_DISC:
            fprintf(f, "  <circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\"", x0, y0, r);
            svg_colour(f, "fill", s->c);
            break;
        }
        fputs("/>\n", f);
    }
    fputs("</svg>\n", f);
    return fflush(f) == 0 && !ferror(f);
}

/* The rounded square: two crossing rectangles and a disc in each corner. They overlap rather
 * than meet: the software renderer can leave a seam of unlit pixels where two triangles only
 * share an edge at a fractional position. */
static void plate(struct prim_mesh *mesh, float x0, float y0, float x1, float y1, float r,
                  SDL_Color c)
{
    prim_mesh_rect(mesh, x0 + r, y0, x1 - x0 - 2 * r, y1 - y0, c);
    prim_mesh_rect(mesh, x0, y0 + r, x1 - x0, y1 - y0 - 2 * r, c);
    prim_mesh_disc(mesh, x0 + r, y0 + r, r, c);
    prim_mesh_disc(mesh, x1 - r, y0 + r, r, c);
    prim_mesh_disc(mesh, x0 + r, y1 - r, r, c);
    prim_mesh_disc(mesh, x1 - r, y1 - r, r, c);
}

SDL_Surface *icon_render(const struct icon *ic, int size, char *err, size_t errlen)
{
    SDL_Renderer *r = NULL;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, size, size, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s || !(r = SDL_CreateSoftwareRenderer(s))) {
        snprintf(err, errlen, "cannot create a %dx%d picture: %s", size, size, SDL_GetError());
        SDL_FreeSurface(s);
        return NULL;
    }
    SDL_SetRenderDrawColor(r, 0, 0, 0, 0);
    SDL_RenderClear(r);
    struct prim_mesh mesh = { 0 };
    const float px = (float)size;
    for (int i = 0; i < ic->count; i++) {
        const struct icon_shape *sh = &ic->shape[i];
        if (size < sh->min_size)
            continue;
        /* Below a pixel a line or dot would vanish: a pixel at least. */
        float x0 = sh->x0 * px, y0 = sh->y0 * px, x1 = sh->x1 * px, y1 = sh->y1 * px;
        float w = fmaxf(sh->w * px, 1.0f), rad = fmaxf(sh->r * px, 1.0f);
        switch (sh->kind) {
        case ICON_PLATE: plate(&mesh, x0, y0, x1, y1, sh->r * px, sh->c); break;
        case ICON_RING: prim_mesh_ring(&mesh, x0, y0, rad, w, sh->c); break;
        case ICON_LINE: prim_mesh_line(&mesh, x0, y0, x1, y1, w, sh->c); break;
        case ICON_DISC: prim_mesh_disc(&mesh, x0, y0, rad, sh->c); break;
        }
    }
    prim_mesh_draw(r, &mesh);
    prim_mesh_finish(&mesh);
    SDL_RenderPresent(r);
    SDL_DestroyRenderer(r);
    return s;
}
