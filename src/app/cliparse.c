#include "cliparse.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* A user's word as a message shows it: control characters (a newline, an escape sequence)
 * written as \n, \t or \xNN so the message stays one line, and at most 80 bytes of it. */
const char *cliparse_shown(char buf[CLIPARSE_SHOWN_MAX], const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (size_t i = 0; i < n && s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if (o + 4 > 80) {
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        if (c >= 0x20 && c != 0x7f) {
            buf[o++] = (char)c;
        } else if (c == '\n' || c == '\t') {
            buf[o++] = '\\';
            buf[o++] = c == '\n' ? 'n' : 't';
        } else {
            buf[o++] = '\\';
            buf[o++] = 'x';
            buf[o++] = hex[c >> 4];
            buf[o++] = hex[c & 15];
        }
    }
    buf[o] = '\0';
    return buf;
}

bool cliparse_double(const char *s, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return end != s && *end == '\0' && errno != ERANGE;
}

bool cliparse_integer(const char *s, double *v)
{
    char *end;
    errno = 0;
    if (*s == '\0')
        return false;
    long long x = strtoll(s, &end, 10);
    if (*end != '\0' || errno == ERANGE)
        return false;
    *v = (double)x;
    return true;
}

bool cliparse_u64(const char *s, uint64_t *v)
{
    char *end;
    if (*s < '0' || *s > '9')
        return false;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 10);
    if (*end != '\0' || errno == ERANGE)
        return false;
    *v = (uint64_t)x;
    return true;
}
