/* worker_proc: starting and ending one forkbench-worker process (see worker_proc.c). */
#ifndef FORKBENCH_WORKER_PROC_H
#define FORKBENCH_WORKER_PROC_H
#include <stddef.h>
#include <sys/types.h>

/* The worker binary: $FORKBENCH_WORKER, or forkbench-worker next to the
 * running driver. 0, or -errno (buf holds the path tried). */
int fb_worker_path(char *buf, size_t len);
/* The same, saying on stderr what is wrong: for a driver, before it writes anything. */
int fb_runs_check_worker(const char *prog);
/* A pipe whose fds are >= 10 and close-on-exec. 0 or -errno. */
int fb_worker_pipe(int fds[2]);
/* Starts path with cfg_r as its fd 0 and res_w as its fd 3, in a group of its own. 0 or -errno. */
int fb_worker_start(const char *path, int cfg_r, int res_w, pid_t *pid);
/* Waits for the worker, then kills and reaps whatever is left of its group; its wait status. */
int fb_worker_end(pid_t pid);
/* The driver leaves the worker's CPU (stays where it is when nothing else is allowed). */
void fb_worker_leave_cpu(int cpu);
#endif
