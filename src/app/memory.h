/* How much memory the program may still take: what commands that hold large models plan
 * with before they allocate, so that they refuse up front instead of failing half way. */
#ifndef SUPERPOSE_APP_MEMORY_H
#define SUPERPOSE_APP_MEMORY_H

#include <stddef.h>

/* The smallest of: the kernel's MemAvailable, what the cgroup (v2) still allows, and the
 * address space RLIMIT_AS leaves. SIZE_MAX when none of them is known. */
size_t memory_available(void);

/* Address space each extra thread reserves (its stack and glibc's per-thread malloc arena)
 * when RLIMIT_AS counts it, else 0: reserved pages cost no memory otherwise. */
size_t memory_per_thread(void);

/* "171 MB", "1.6 GB" */
const char *memory_text(size_t bytes, char buf[32]);

#endif
