/* SANITIZED: 1 in a build with AddressSanitizer or ThreadSanitizer (sanitize.sh's reruns),
 * where every test runs several times slower and ASan's quarantine grows memory by design. */
#ifndef SUPERPOSE_TESTS_SANITIZED_H
#define SUPERPOSE_TESTS_SANITIZED_H

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

#endif
