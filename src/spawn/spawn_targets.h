/* spawn_targets: each --exec-target's child (path and argv) resolved in the
 * worker before any timing. Measures nothing. */
#ifndef FORKBENCH_SPAWN_TARGETS_H
#define FORKBENCH_SPAWN_TARGETS_H
#include "method.h"
#include "spawn_run.h"

/* Fills out[t] for every target of cfg: an fb_body_exec child whose arg is
 * body_arg. 0, or -errno (the reason already sent on the wire). */
int fb_spawn_targets_resolve(const struct fb_spawn_config *cfg, struct fb_child *body_arg, const char *ready_fd_arg,
			     char **envp, void *stack, size_t stack_len, struct fb_child out[]);
#endif
