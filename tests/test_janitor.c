/* The janitor: what is handed over is freed on its own thread, in order, every item by the time
 * janitor_destroy returns; with no janitor, or a full queue, at once on the caller's thread.
 * The janitor's jobs wait at a gate the test opens last, so a full queue is certain, not a
 * race. */
#include <stdatomic.h>
#include <stdbool.h>

#include <SDL.h>

#include "check.h"
#include "janitor.h"

#define ITEMS 200   /* more than the queue holds */

struct item {
    int index;
    SDL_threadID ran_on;
    bool done;
};

struct gate {
    SDL_mutex *lock;
    SDL_cond *open_cond;
    bool open;
};

static struct gate gate;
static atomic_int next_index;   /* the order the jobs ran in */
static int order[ITEMS];

static SDL_threadID main_thread;

/* On the janitor's thread, waits for the gate (here, a full queue runs it at once). */
static void job(void *obj)
{
    struct item *it = obj;
    SDL_LockMutex(gate.lock);
    while (!gate.open && SDL_ThreadID() != main_thread)
        SDL_CondWait(gate.open_cond, gate.lock);
    SDL_UnlockMutex(gate.lock);
    it->ran_on = SDL_ThreadID();
    it->done = true;
    order[atomic_fetch_add(&next_index, 1)] = it->index;
}

int main(void)
{
    CHECK(SDL_Init(0) == 0, "SDL_Init: %s", SDL_GetError());
    gate.lock = SDL_CreateMutex();
    gate.open_cond = SDL_CreateCond();
    SDL_threadID self = main_thread = SDL_ThreadID();
    static struct item items[ITEMS];

    /* No janitor: at once, here. */
    gate.open = true;
    items[0].index = 0;
    janitor_defer(NULL, job, &items[0]);
    CHECK(items[0].done && items[0].ran_on == self, "NULL janitor: not run at once here");
    janitor_defer(NULL, job, NULL);   /* nothing to free: nothing runs */
    CHECK(atomic_load(&next_index) == 1, "a NULL object ran a job");

    /* Gate shut: the first job blocks the janitor's thread, the queue fills, the rest run here. */
    atomic_store(&next_index, 0);
    gate.open = false;
    struct janitor *j = janitor_create();
    CHECK(j != NULL, "janitor_create");
    int inline_from = -1;
    for (int k = 0; k < ITEMS; k++) {
        items[k] = (struct item){ .index = k };
        if (k == ITEMS - 1) {   /* the queue is full by now: open the gate for the rest */
            SDL_LockMutex(gate.lock);
            gate.open = true;
            SDL_CondBroadcast(gate.open_cond);
            SDL_UnlockMutex(gate.lock);
        }
        janitor_defer(j, job, &items[k]);
        if (inline_from < 0 && items[k].done && items[k].ran_on == self)
            inline_from = k;
    }
    janitor_destroy(j);
    int on_thread = 0, here = 0;
    for (int k = 0; k < ITEMS; k++) {
        CHECK(items[k].done, "item %d not freed by janitor_destroy", k);
        if (items[k].ran_on == self)
            here++;
        else
            on_thread++;
    }
    CHECK(inline_from > 0 && here > 0 && on_thread > 1,
          "a full queue runs jobs here: first here %d, %d here, %d on the thread", inline_from,
          here, on_thread);
    /* The janitor's jobs ran in the order handed over. */
    int last = -1;
    for (int k = 0; k < ITEMS; k++)
        if (items[order[k]].ran_on != self) {
            CHECK(order[k] > last, "janitor ran %d after %d", order[k], last);
            last = order[k];
        }
    SDL_DestroyCond(gate.open_cond);
    SDL_DestroyMutex(gate.lock);
    SDL_Quit();
    return check_result("janitor");
}
