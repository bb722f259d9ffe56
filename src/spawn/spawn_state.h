/* spawn_state: forkbench-spawn's parent-state axis in the worker — before
 * each state's configuration the descriptors and idle threads it asks for,
 * counted back from /proc like the heap, and torn down after it. Nothing
 * here is timed. */
#ifndef FORKBENCH_SPAWN_STATE_H
#define FORKBENCH_SPAWN_STATE_H
#include <stdbool.h>
#include <stddef.h>

#include "heap.h"
#include "parent_state.h"
#include "spawn_rows.h"

struct fb_spawn_parent {
	struct fb_fds fds;
	struct fb_threads threads;
	struct fb_like_replica like;   /* --like: the replica, instead of fds and threads */
};

/* Sets up state s of cfg (fb_spawn_state_fds/_threads) and fills *st with what
 * /proc shows; re-reads h's process usage (thread stacks are VMAs). 0; 1 with
 * why filled when it could not be set up or the counts differ from the request.
 * With set_up false only labels *st (skip rows of a heap that failed). */
int fb_spawn_state_enter(const struct fb_spawn_config *cfg, struct fb_spawn_parent *p, struct fb_heap *h,
			 int s, bool set_up, struct fb_spawn_state *st, char *why, size_t len);
void fb_spawn_state_leave(struct fb_spawn_parent *p);
#endif
