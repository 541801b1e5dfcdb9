/* Structure in the data (Elhage et al. 2022, "Correlated and Anticorrelated Features"):
 * disjoint sets of features that fire together (correlated) or never together
 * (anticorrelated). Features in no set stay independent. Held by value, so a trainer_desc
 * carrying it copies like any other setting; all zero means no sets. */
#ifndef SUPERPOSE_CORE_FEATSETS_H
#define SUPERPOSE_CORE_FEATSETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum featsets_kind {
    FEATSETS_CORRELATED,     /* one draw (probability = density) turns the whole set on */
    FEATSETS_ANTICORRELATED, /* on with probability min(1, s x density), then one member */
};

#define FEATSETS_MAX_SETS 64
#define FEATSETS_MAX_MEMBERS 256
#define FEATSETS_MAX_INDEX 65535

struct featsets {
    int count;                                 /* sets */
    uint8_t kind[FEATSETS_MAX_SETS];           /* enum featsets_kind */
    uint16_t start[FEATSETS_MAX_SETS + 1];     /* set k is member[start[k] .. start[k + 1]) */
    uint16_t member[FEATSETS_MAX_MEMBERS];     /* increasing within a set */
};

static inline int featsets_size(const struct featsets *fs, int k)
{
    return fs->start[k + 1] - fs->start[k];
}

static inline const uint16_t *featsets_members(const struct featsets *fs, int k)
{
    return fs->member + fs->start[k];
}

/* Adds the sets written in text, all of one kind: sets separated by commas, a set being
 * ranges or indices joined by '+' ("0-1,2-3", "0-2,3-5", "0+3"). Every set needs two or more
 * features and no feature may be in two sets (of either kind). On failure fs is unchanged and
 * err holds one line naming the problem (without the flag's name). */
bool featsets_parse(struct featsets *fs, enum featsets_kind kind, const char *text, char *err,
                    size_t errlen);

/* True when every member is below n; else err names the first set that does not fit, starting
 * with its kind ("correlated set 3-5 needs feature 5, ..."). */
bool featsets_fit(const struct featsets *fs, int n, char *err, size_t errlen);

/* Drops the sets with a member not below n. Returns how many were dropped. */
int featsets_keep_below(struct featsets *fs, int n);

/* The sets of one kind in the form featsets_parse reads ("0-1,2-3"); "" for none. Returns
 * the length it needed, like snprintf. */
int featsets_format(const struct featsets *fs, enum featsets_kind kind, char *buf, size_t len);
/* One set in that form. */
int featsets_format_set(const struct featsets *fs, int k, char *buf, size_t len);

/* Probability that a set of this kind and size is on in a sample. */
double featsets_on_probability(enum featsets_kind kind, int size, double density);

/* When an anticorrelated set would need s x density > 1, the generator caps it at 1 and its
 * features fire less often than the density says. Writes one line saying so for the first
 * such set and returns true; false (buf untouched) when no set is capped. */
bool featsets_cap_note(const struct featsets *fs, double density, char *buf, size_t len);

/* Angle in degrees, in [0, 180], between rows i and j of W (n x m); NAN when either is zero. */
double featsets_angle_deg(const float *W, int m, int i, int j);

#endif
