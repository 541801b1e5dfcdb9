#include "simd.h"

#include <stdlib.h>
#include <string.h>

static const char *const names[SIMD_LEVEL_COUNT] = {
    [SIMD_BASELINE] = "baseline",
    [SIMD_AVX2] = "avx2",
    [SIMD_AVX512] = "avx512",
};

enum simd_level simd_hardware(void)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    /* libgcc's checks include the OS's (XCR0 saves the AVX and AVX-512 state). */
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl"))
        return SIMD_AVX512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return SIMD_AVX2;
#endif
    return SIMD_BASELINE;
}

enum simd_level simd_level_parse(const char *s)
{
    for (int i = 0; i < SIMD_LEVEL_COUNT; i++)
        if (s && strcmp(s, names[i]) == 0)
            return (enum simd_level)i;
    return SIMD_LEVEL_COUNT;
}

enum simd_level simd_detect(void)
{
    enum simd_level best = simd_hardware();
    enum simd_level cap = simd_level_parse(getenv("SUPERPOSE_SIMD"));
    return cap < best ? cap : best;
}

const char *simd_level_name(enum simd_level level)
{
    return level >= 0 && level < SIMD_LEVEL_COUNT ? names[level] : "unknown";
}
