/* A minimal assertion for the test programs: prints where and what, and fails the test. */
#ifndef SUPERPOSE_TESTS_CHECK_H
#define SUPERPOSE_TESTS_CHECK_H

#include <stdio.h>
#include <stdlib.h>

static int check_failures;

#define CHECK(cond, ...)                                                                    \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);        \
            fprintf(stderr, __VA_ARGS__);                                                   \
            fputc('\n', stderr);                                                            \
            check_failures++;                                                               \
        }                                                                                   \
    } while (0)

static inline int check_result(const char *name)
{
    if (check_failures)
        fprintf(stderr, "%s: %d check(s) failed\n", name, check_failures);
    else
        printf("%s: all checks passed\n", name);
    return check_failures ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
