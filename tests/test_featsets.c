/* Feature sets as the command line writes them: what parses, what is refused and with which
 * words, the form they print back in, fitting a feature count, the anticorrelated cap; a
 * trainer refuses sets it cannot hold and drops them when n shrinks. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "featsets.h"
#include "trainer.h"

struct good {
    const char *text;
    int sets;
    const char *formatted; /* featsets_format's output */
};

static const struct good good_cases[] = {
    { "0-1,2-3", 2, "0-1,2-3" },
    { "0-2,3-5", 2, "0-2,3-5" },
    { "0+3", 1, "0+3" },
    { "3+0", 1, "0+3" },
    { "0-1+5", 1, "0-1+5" },
    { "5+4+6,0+1", 2, "4-6,0-1" },
    { "10-12,15+19", 2, "10-12,15+19" },
    { "0-255", 1, "0-255" },
};

struct bad {
    const char *text;
    const char *needle; /* must appear in the message */
};

static const struct bad bad_cases[] = {
    { "", "no sets" },
    { "0", "one feature" },
    { "7-7", "one feature" },
    { "3-1", "backwards" },
    { "0-1,", "empty set" },
    { ",0-1", "empty set" },
    { "0-1,,2-3", "empty set" },
    { "0-1,1-2", "feature 1 is in two sets" },
    { "0-3,2+9", "feature 2 is in two sets" },
    { "0+0", "twice" },
    { "0-2+1", "twice" },
    { "a", "unexpected 'a'" },
    { "0-1 ", "unexpected ' '" },
    { "0-1x", "unexpected 'x'" },
    { "-1-2", "unexpected '-'" },
    { "0--1", "unexpected '-'" },
    { "0+", "missing" },
    { "0-", "missing" },
    { "0-1\n", "\\x0a" },
    { "99999999-100000000", "too large" },
    { "0-256", "more than 256 features" },
};

static void parses(void)
{
    for (size_t c = 0; c < sizeof good_cases / sizeof good_cases[0]; c++) {
        const struct good *g = &good_cases[c];
        struct featsets fs = { 0 };
        char err[160] = "", out[160];
        bool ok = featsets_parse(&fs, FEATSETS_CORRELATED, g->text, err, sizeof err);
        CHECK(ok, "'%s' refused: %s", g->text, err);
        CHECK(fs.count == g->sets, "'%s': %d sets, want %d", g->text, fs.count, g->sets);
        int len = featsets_format(&fs, FEATSETS_CORRELATED, out, sizeof out);
        CHECK(strcmp(out, g->formatted) == 0 && len == (int)strlen(out),
              "'%s' prints as '%s' (%d), want '%s'", g->text, out, len, g->formatted);
        for (int k = 0; k < fs.count; k++)
            for (int e = 1; e < featsets_size(&fs, k); e++)
                CHECK(featsets_members(&fs, k)[e] > featsets_members(&fs, k)[e - 1],
                      "'%s': members not increasing", g->text);
        struct featsets again = { 0 };
        CHECK(featsets_parse(&again, FEATSETS_CORRELATED, out, err, sizeof err) &&
                  memcmp(&again, &fs, sizeof fs) == 0,
              "'%s' does not read back", out);
        CHECK(featsets_format(&fs, FEATSETS_ANTICORRELATED, out, sizeof out) == 0 && !out[0],
              "no anticorrelated sets were given");
    }
}

static void refuses(void)
{
    for (size_t c = 0; c < sizeof bad_cases / sizeof bad_cases[0]; c++) {
        const struct bad *b = &bad_cases[c];
        struct featsets fs = { 0 }, before;
        char err[160] = "";
        CHECK(featsets_parse(&fs, FEATSETS_ANTICORRELATED, "20-21", err, sizeof err), "%s", err);
        before = fs;
        bool ok = featsets_parse(&fs, FEATSETS_CORRELATED, b->text, err, sizeof err);
        CHECK(!ok, "'%s' accepted", b->text);
        CHECK(strstr(err, b->needle) != NULL, "'%s': message '%s' lacks '%s'", b->text, err,
              b->needle);
        CHECK(!strchr(err, '\n'), "'%s': message has a newline", b->text);
        CHECK(memcmp(&before, &fs, sizeof fs) == 0, "'%s': refused but changed the sets", b->text);
    }
    /* Across the two kinds: the message names the set already holding the feature. */
    struct featsets fs = { 0 };
    char err[160];
    CHECK(featsets_parse(&fs, FEATSETS_CORRELATED, "0-1,2-3", err, sizeof err), "%s", err);
    CHECK(!featsets_parse(&fs, FEATSETS_ANTICORRELATED, "4+3", err, sizeof err), "overlap kinds");
    CHECK(strstr(err, "feature 3 is in two sets (correlated 2-3 and 4+3)"), "message: %s", err);
    /* More sets than the table holds. */
    struct featsets many = { 0 };
    char text[1024] = "";
    for (int k = 0; k <= FEATSETS_MAX_SETS; k++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "%s%d-%d", k ? "," : "", 2 * k,
                 2 * k + 1);
    CHECK(!featsets_parse(&many, FEATSETS_CORRELATED, text, err, sizeof err) &&
              strstr(err, "more than 64 sets"),
          "65 sets: %s", err);
}

static void fits(void)
{
    struct featsets fs = { 0 };
    char err[160];
    CHECK(featsets_parse(&fs, FEATSETS_CORRELATED, "0-1,3-5", err, sizeof err), "%s", err);
    CHECK(featsets_parse(&fs, FEATSETS_ANTICORRELATED, "2+6", err, sizeof err), "%s", err);
    CHECK(featsets_fit(&fs, 7, err, sizeof err), "n = 7: %s", err);
    CHECK(!featsets_fit(&fs, 6, err, sizeof err), "n = 6 holds feature 6");
    CHECK(strstr(err, "anticorrelated set 2+6 needs feature 6, but there are 6 features"),
          "message: %s", err);
    CHECK(!featsets_fit(&fs, 5, err, sizeof err) && strstr(err, "correlated set 3-5"),
          "message: %s", err);
    struct featsets kept = fs;
    CHECK(featsets_keep_below(&kept, 7) == 0 && memcmp(&kept, &fs, sizeof fs) == 0, "all kept");
    CHECK(featsets_keep_below(&kept, 5) == 2 && kept.count == 1, "n = 5 keeps 0-1 only");
    char out[64];
    featsets_format(&kept, FEATSETS_CORRELATED, out, sizeof out);
    CHECK(strcmp(out, "0-1") == 0, "kept '%s'", out);
    CHECK(featsets_fit(&kept, 5, err, sizeof err), "kept sets fit: %s", err);
}

static void caps(void)
{
    struct featsets fs = { 0 };
    char err[160], note[200] = "untouched";
    CHECK(featsets_parse(&fs, FEATSETS_CORRELATED, "0-4", err, sizeof err), "%s", err);
    CHECK(featsets_parse(&fs, FEATSETS_ANTICORRELATED, "5-7", err, sizeof err), "%s", err);
    CHECK(featsets_on_probability(FEATSETS_CORRELATED, 5, 0.4) == 0.4, "correlated: density");
    CHECK(fabs(featsets_on_probability(FEATSETS_ANTICORRELATED, 3, 0.2) - 0.6) < 1e-15,
          "anticorrelated: s x density");
    CHECK(featsets_on_probability(FEATSETS_ANTICORRELATED, 3, 0.4) == 1.0, "capped at 1");
    CHECK(!featsets_cap_note(&fs, 1.0 / 3.0, note, sizeof note) && !strcmp(note, "untouched"),
          "3 x 1/3 is not over 1");
    CHECK(featsets_cap_note(&fs, 0.4, note, sizeof note), "3 x 0.4 > 1");
    CHECK(strstr(note, "anticorrelated set 5-7") && strstr(note, "capped at 1") &&
              strstr(note, "0.333"), "note: %s", note);
}

static void angles(void)
{
    const float W[] = { 1, 0, 0, 2, -3, 0, 0, 0, 1, 1 };
    CHECK(fabs(featsets_angle_deg(W, 2, 0, 1) - 90.0) < 1e-9, "orthogonal");
    CHECK(fabs(featsets_angle_deg(W, 2, 0, 2) - 180.0) < 1e-9, "antipodal");
    CHECK(fabs(featsets_angle_deg(W, 2, 0, 4) - 45.0) < 1e-9, "diagonal");
    CHECK(featsets_angle_deg(W, 2, 0, 0) == 0.0, "itself");
    CHECK(isnan(featsets_angle_deg(W, 2, 0, 3)), "a zero vector has no angle");
}

static void trainer_keeps_fitting_sets(void)
{
    struct trainer_desc d = TRAINER_DESC_DEFAULT;
    char err[160];
    d.features = 6;
    CHECK(featsets_parse(&d.sets, FEATSETS_CORRELATED, "0-1,4-5", err, sizeof err), "%s", err);
    d.features = 5;
    CHECK(trainer_create(&d) == NULL, "a trainer took set 4-5 with 5 features");
    d.features = 6;
    struct trainer *t = trainer_create(&d);
    CHECK(t != NULL, "trainer_create");
    if (!t)
        return;
    CHECK(trainer_set_features(t, 5) && trainer_settings(t)->sets.count == 1,
          "n = 5 keeps 0-1 and drops 4-5");
    CHECK(trainer_set_features(t, 8) && trainer_settings(t)->sets.count == 1,
          "n = 8 does not bring 4-5 back");
    struct featsets wide = { 0 };
    CHECK(featsets_parse(&wide, FEATSETS_ANTICORRELATED, "6-8", err, sizeof err), "%s", err);
    CHECK(!trainer_set_sets(t, &wide) && trainer_settings(t)->sets.count == 1,
          "set 6-8 taken with 8 features");
    CHECK(featsets_parse(&wide, FEATSETS_ANTICORRELATED, "0+7", err, sizeof err) == false,
          "0+7 overlaps 6-8");
    CHECK(featsets_keep_below(&wide, 8) == 1 && wide.count == 0, "6-8 dropped at n = 8");
    CHECK(featsets_parse(&wide, FEATSETS_ANTICORRELATED, "0+7", err, sizeof err), "%s", err);
    CHECK(trainer_set_sets(t, &wide) &&
              trainer_settings(t)->sets.count == 1 &&
              trainer_settings(t)->sets.kind[0] == FEATSETS_ANTICORRELATED,
          "set 0+7 refused with 8 features");
    for (int s = 0; s < 50; s++)
        CHECK(trainer_step(t), "step %d with the new sets", s);
    trainer_destroy(t);
}

int main(void)
{
    parses();
    refuses();
    fits();
    caps();
    angles();
    trainer_keeps_fitting_sets();
    return check_result("test_featsets");
}
