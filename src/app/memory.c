#include "memory.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* A number from the first line of a file starting with key (or the file's first number when
 * key is NULL), times scale; false when absent or not a number. */
static bool read_number(const char *path, const char *key, double scale, size_t *out)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return false;
    char line[256];
    bool found = false;
    while (!found && fgets(line, sizeof line, fp)) {
        const char *p = line;
        if (key) {
            if (strncmp(line, key, strlen(key)) != 0)
                continue;
            p += strlen(key);
        }
        double v;
        found = sscanf(p, "%lf", &v) == 1 && v >= 0;
        if (found)
            *out = (size_t)(v * scale);
        if (!key)
            break;
    }
    fclose(fp);
    return found;
}

static bool address_space_limited(size_t *limit)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return false;
    *limit = (size_t)rl.rlim_cur;
    return true;
}

size_t memory_available(void)
{
    size_t avail = SIZE_MAX, v, used;
    if (read_number("/proc/meminfo", "MemAvailable:", 1024.0, &v) && v < avail)
        avail = v;
    /* "max" reads as no number: no limit */
    if (read_number("/sys/fs/cgroup/memory.max", NULL, 1.0, &v) &&
        read_number("/sys/fs/cgroup/memory.current", NULL, 1.0, &used))
        avail = v > used ? (v - used < avail ? v - used : avail) : 0;
    size_t limit;
    if (address_space_limited(&limit) &&
        read_number("/proc/self/status", "VmSize:", 1024.0, &used)) {
        size_t left = limit > used ? limit - used : 0;
        avail = left < avail ? left : avail;
    }
    return avail;
}

size_t memory_per_thread(void)
{
    size_t limit;
    if (!address_space_limited(&limit))
        return 0;
    struct rlimit st;
    size_t stack = getrlimit(RLIMIT_STACK, &st) == 0 && st.rlim_cur != RLIM_INFINITY
                       ? (size_t)st.rlim_cur : 8u << 20;
    return stack + (64u << 20); /* glibc's HEAP_MAX_SIZE on 64-bit */
}

const char *memory_text(size_t bytes, char buf[32])
{
    if (bytes >= 10000000000.0)
        snprintf(buf, 32, "%.0f GB", bytes / 1e9);
    else if (bytes >= 1000000000.0)
        snprintf(buf, 32, "%.1f GB", bytes / 1e9);
    else
        snprintf(buf, 32, "%.0f MB", bytes / 1e6 < 1 ? 1 : bytes / 1e6);
    return buf;
}
