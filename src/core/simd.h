/* The vector instructions the machine offers, found at run time: the build stays generic
 * x86-64 and the fast paths are compiled per level with target attributes. A path is chosen
 * by the level a model (or a test) asks for, never by a global, so every level can be tested
 * on one machine. */
#ifndef SUPERPOSE_CORE_SIMD_H
#define SUPERPOSE_CORE_SIMD_H

enum simd_level {
    SIMD_BASELINE,  /* plain C: what any x86-64 (or other) machine runs */
    SIMD_AVX2,      /* AVX2 + FMA, 8 floats */
    SIMD_AVX512,    /* AVX-512 F/DQ/BW/VL, 16 floats */
    SIMD_LEVEL_COUNT,
};

/* The best level this CPU and its operating system support, capped by SUPERPOSE_SIMD
 * ("baseline", "avx2", "avx512") when that is set: the way to compare levels by hand. */
enum simd_level simd_detect(void);

/* The best level the hardware supports, whatever the environment says. */
enum simd_level simd_hardware(void);

/* "baseline", "avx2", "avx512". */
const char *simd_level_name(enum simd_level level);

/* The level named by s, or SIMD_LEVEL_COUNT when s names none. */
enum simd_level simd_level_parse(const char *s);

#endif
