/* Frees on a thread of its own what the main thread lets go of: a training thread's join waits
 * for its current block of samples, and a model of hundreds of features holds megabytes whose
 * freeing a sanitizer build makes cost tens of milliseconds, a frame's worth and more. */
#ifndef SUPERPOSE_APP_JANITOR_H
#define SUPERPOSE_APP_JANITOR_H

struct janitor;

typedef void (*janitor_fn)(void *obj);

/* NULL when the thread cannot start (janitor_defer then frees at once). */
struct janitor *janitor_create(void);
/* fn(obj) soon on the janitor's thread, in the order handed over; at once on this thread when
 * j is NULL or its queue is full. Accepts obj NULL (nothing to do). Ask a thread to stop
 * before handing it over: it runs until the janitor reaches it. */
void janitor_defer(struct janitor *j, janitor_fn fn, void *obj);
/* Waits until everything handed over is freed, then ends the thread. Accepts NULL. */
void janitor_destroy(struct janitor *j);

#endif
