/* The command line's words: numbers parsed whole (no trailing text, no overflow), and a user's
 * word made safe to show in a one-line message. */
#ifndef SUPERPOSE_APP_CLIPARSE_H
#define SUPERPOSE_APP_CLIPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CLIPARSE_SHOWN_MAX 96

/* s as a message shows it: control characters (a newline, an escape sequence) written as \n,
 * \t or \xNN so the message stays one line, at most 80 bytes of the first n; returns buf. */
const char *cliparse_shown(char buf[CLIPARSE_SHOWN_MAX], const char *s, size_t n);

/* The whole of s as a finite-or-not double (strtod), a decimal integer, or an unsigned 64-bit
 * integer; false when anything is left over or it overflows. */
bool cliparse_double(const char *s, double *v);
bool cliparse_integer(const char *s, double *v);
bool cliparse_u64(const char *s, uint64_t *v);

#endif
