/* spawn_targets: resolves each exec target of a spawn config (the shell's -c
 * line, large's SIZE, the path) once, in the worker, into the child an exec
 * variant creates. Resolving is not timed; the children are. */
#define _GNU_SOURCE
#include "spawn_targets.h"
#include "exec_target.h"
#include "wire.h"

#include <errno.h>
#include <stdio.h>

/* What each exec target's child execs (path, argv): in the process image. */
static struct fb_exec_cmd exec_cmds[FB_SPAWN_MAX_TARGETS];

int fb_spawn_targets_resolve(const struct fb_spawn_config *cfg, struct fb_child *body_arg, const char *ready_fd_arg,
			     char **envp, void *stack, size_t stack_len, struct fb_child out[])
{
	for (int t = 0; t < cfg->ntargets && t < FB_SPAWN_MAX_TARGETS; t++) {
		const struct fb_spawn_target *st = &cfg->targets[t];
		if (st->kind >= fb_exec_kind_count)
			return -EINVAL;
		struct fb_exec_target et = { .kind = &fb_exec_kinds[st->kind], .touch_bytes = st->touch_bytes };
		snprintf(et.spec, sizeof(et.spec), "%s", st->spec);
		char msg[256];
		int rc = fb_exec_target_resolve(&et, ready_fd_arg, &exec_cmds[t], msg, sizeof(msg));
		if (rc) {
			fb_wire_error(msg);
			return rc;
		}
		out[t] = (struct fb_child){ fb_body_exec, body_arg, exec_cmds[t].path, exec_cmds[t].argv,
					    envp, stack, stack_len };
	}
	return 0;
}
