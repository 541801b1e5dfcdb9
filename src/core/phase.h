/* The phase diagram of Elhage et al. (2022), "Superposition as a phase change": n = 2 features
 * in m = 1 hidden dimension, feature 0 of importance 1 and feature 1 of importance r, both of
 * density s. The closed-form losses of the three candidate solutions give the theory; small
 * models trained per (r, s) cell give what the recipe really learns. */
#ifndef SUPERPOSE_CORE_PHASE_H
#define SUPERPOSE_CORE_PHASE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

enum phase_kind {
    PHASE_DROPPED,    /* W = [1, 0]: feature 1 (importance r) is dropped */
    PHASE_TAKES,      /* W = [0, 1]: feature 1 takes the dimension, feature 0 is dropped */
    PHASE_ANTIPODAL,  /* W = [1, -1]: both share the dimension, in superposition */
    PHASE_OTHER,      /* learned weights that are none of the three */
    PHASE_COUNT,
};

/* Short human-readable name ("feature 1 dropped", ...). */
const char *phase_name(enum phase_kind p);

/* Expected loss of solution p, summed over the two features (not averaged), at its best
 * bias; see phase.c for the derivation. Infinity for PHASE_OTHER. */
double phase_loss(enum phase_kind p, double r, double s);
/* The solution of lowest closed-form loss (ties go to the lower enum value). */
enum phase_kind phase_theory(double r, double s);
/* (second lowest - lowest) / second lowest of the three losses: 0 on a boundary. */
double phase_theory_margin(double r, double s);
/* Density below which the antipodal solution wins at this r: 4r / (2 + 5r) for r <= 1,
 * 4 / (5 + 2r) above (the curves cross there; the other boundary is r = 1 above it). */
double phase_antipodal_boundary(double r);

/* Which solution learned weights are: W[0], W[1] are the two features' (scalar) vectors.
 * Represented means |W_i| > ANALYSIS_REPRESENTED_NORM; both represented with opposite signs is
 * antipodal; nothing represented, or both with the same sign (a ReLU cannot tell them apart),
 * is PHASE_OTHER. The biases need no look: a dropped feature's is about s/2 (its mean) and
 * a represented one's about 0, whatever the phase. */
enum phase_kind phase_classify(const float W[2]);

/* The (r, s) grid, both axes log-spaced; cell (col, row) spans [col, col + 1] x [row, row + 1]
 * in grid coordinates, its centre gives its r and s. Row 0 is the sparsest. */
struct phase_grid {
    int cols, rows;
    double r_min, r_max;
    double s_min, s_max;
};

#define PHASE_GRID_DEFAULT                                                                    \
    ((struct phase_grid){ .cols = 20, .rows = 20, .r_min = 0.1, .r_max = 10.0,              \
                          .s_min = 0.01, .s_max = 1.0 })

/* r and s at a grid coordinate (fractional: col + 0.5 is a cell's centre), and back. */
double phase_grid_r(const struct phase_grid *g, double col);
double phase_grid_s(const struct phase_grid *g, double row);
double phase_grid_col(const struct phase_grid *g, double r);
double phase_grid_row(const struct phase_grid *g, double s);

/* How each cell is trained: `seeds` runs of the recipe (AdamW, lr 1e-3, batch 1024, ReLU),
 * `steps` steps each, importance [1, r]; the run of lowest loss on `eval_samples` fresh
 * samples is kept, as the paper kept the best of several. */
struct phase_train {
    int seeds;
    long steps;
    int eval_samples;
    uint64_t seed;   /* the diagram's cell k runs seeds seed + k * seeds + j, j < seeds */
    atomic_int *stop; /* NULL, or a flag that ends training early (trainer_set_stop): a cell
                       * it cut short is not done */
};

/* Measured on the default grid: with 6 seeds, 1,500 steps learn the same phase as 5,000 in all
 * 400 cells (500 steps: 23 cells differ, 1,000: 1), and agree with the theory in 98.5-100% of
 * the cells away from the boundaries over three base seeds. 4 seeds are not enough: in about
 * 1 cell in 16 near r = 1 every run starts in the same-sign basin (see phase_train_cell). */
#define PHASE_TRAIN_DEFAULT                                                                   \
    ((struct phase_train){ .seeds = 6, .steps = 1500, .eval_samples = 65536, .seed = 1 })

struct phase_cell {
    double r, s;
    enum phase_kind theory;
    enum phase_kind learned;
    double loss;        /* the kept run's evaluated loss, summed over features */
    float W[2], b[2];   /* the kept run's weights */
    bool done;          /* trained (false also when training failed) */
};

/* Trains one cell at (r, s), run j from seed + j. False when out of memory or every run
 * diverged. Each cell needs its own seeds: the initial W does not depend on r or s, and when
 * every run starts with W_0 and W_1 of the same sign, cells near r = 1 all stay in the same
 * local minimum (W = [1.08, 0.35] and a negative bias), never reaching the antipodal pair. */
bool phase_train_cell(double r, double s, const struct phase_train *pt, uint64_t seed,
                      struct phase_cell *out);

/* A whole diagram; cell k is (col, row) = (k % cols, k / cols). */
struct phase_diagram {
    struct phase_grid grid;
    struct phase_train train;
    struct phase_cell *cells;   /* cols x rows, r, s and theory filled in by init */
};

bool phase_diagram_init(struct phase_diagram *pd, const struct phase_grid *g,
                        const struct phase_train *pt);
void phase_diagram_finish(struct phase_diagram *pd);
/* Trains cell k. Safe to call from several threads for different k. */
bool phase_diagram_train_cell(struct phase_diagram *pd, int k);
/* Trains every cell on `threads` threads (0 = all cores). */
bool phase_diagram_train_all(struct phase_diagram *pd, int threads);

/* A cell is away from the boundaries when all its (up to 8) neighbours have the same
 * theoretical phase. */
bool phase_diagram_away(const struct phase_diagram *pd, int k);
/* Over the trained cells away from the boundaries: how many there are and in how many the
 * learned phase is the theory's. Returns agree / counted (1 when none are counted). */
double phase_diagram_agreement(const struct phase_diagram *pd, int *agree, int *counted);

#endif
