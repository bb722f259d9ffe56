/* spawn_sidecar: the driver's side of the harness's cost figures — the
 * baseline_*, worker_* and protocol_* numbers each worker sends once per run,
 * kept per run and written to the sidecar per run and as the median over
 * runs, with the ratios against the bare loop. Measures nothing: the worker
 * does (spawn_baseline.c). */
#define _GNU_SOURCE
#include "spawn_sidecar.h"
#include "sidecar.h"
#include "spawn_baseline.h"

#include <stdio.h>
#include <string.h>

/* The harness's cost, per run: the bare loops and the worker's own heap-0
 * fork/vfork+exit totals, as sent by the workers. */
static const char *const bl_keys[BL_N] = {
	"baseline_fork_exit_ns", "baseline_vfork_exit_ns", "worker_fork_exit_ns", "worker_vfork_exit_ns",
	"protocol_fork_exit_ns", "protocol_vfork_exit_ns",
};

void fb_spawn_baselines_info(void *ctx, uint32_t run, const char *key, int64_t value)
{
	struct fb_spawn_baselines *b = ctx;
	if (!b->any) {
		memset(b->v, 0xff, sizeof(b->v));
		b->any = true;
	}
	for (int k = 0; k < BL_N; k++)
		if (strcmp(key, bl_keys[k]) == 0 && run < BL_MAX_RUNS)
			b->v[k][run] = value;
}

/* Median over the runs that sent it; -1 when none did. */
static int64_t over_runs(const int64_t *v, unsigned runs)
{
	int64_t tmp[BL_MAX_RUNS];
	int n = 0;
	for (unsigned r = 0; r < runs && r < BL_MAX_RUNS; r++)
		if (v[r] >= 0)
			tmp[n++] = v[r];
	return fb_spawn_median_ns(tmp, n);
}

static void kv_ns(FILE *side, const char *key, int64_t v)
{
	if (v >= 0)
		fb_sidecar_kv(side, key, "%lld", (long long)v);
	else
		fb_sidecar_kv(side, key, "%s", "");
}

static void kv_ratio(FILE *side, const char *key, int64_t num, int64_t den)
{
	if (num > 0 && den > 0)
		fb_sidecar_kv(side, key, "%.3f", (double)num / (double)den);
	else
		fb_sidecar_kv(side, key, "%s", "");
}

/* baseline_*: per run and over runs, and the worker's heap-0 numbers against
 * them (the target: fork+exit within 1.05x of the bare loop, pinned). */
void fb_spawn_baselines_write(FILE *side, const struct fb_spawn_baselines *b, unsigned runs)
{
	if (!b->any)
		return;
	int64_t m[BL_N];
	for (int k = 0; k < BL_N; k++) {
		m[k] = over_runs(b->v[k], runs);
		char key[96];
		snprintf(key, sizeof(key), "%s%s", k >= BL_WORKER_FORK ? "baseline_" : "", bl_keys[k]);
		kv_ns(side, key, m[k]);
	}
	kv_ratio(side, "baseline_fork_exit_ratio", m[BL_WORKER_FORK], m[BL_FORK]);
	kv_ratio(side, "baseline_vfork_exit_ratio", m[BL_WORKER_VFORK], m[BL_VFORK]);
	kv_ratio(side, "baseline_protocol_fork_exit_ratio", m[BL_PROTO_FORK], m[BL_FORK]);
	kv_ratio(side, "baseline_protocol_vfork_exit_ratio", m[BL_PROTO_VFORK], m[BL_VFORK]);
	for (unsigned r = 0; r < runs && r < BL_MAX_RUNS; r++) {
		char key[96];
		for (int k = 0; k < BL_N; k++) {
			snprintf(key, sizeof(key), "%s%s.run%u", k >= BL_WORKER_FORK ? "baseline_" : "", bl_keys[k], r);
			kv_ns(side, key, b->v[k][r]);
		}
		snprintf(key, sizeof(key), "baseline_fork_exit_ratio.run%u", r);
		kv_ratio(side, key, b->v[BL_WORKER_FORK][r], b->v[BL_FORK][r]);
		snprintf(key, sizeof(key), "baseline_vfork_exit_ratio.run%u", r);
		kv_ratio(side, key, b->v[BL_WORKER_VFORK][r], b->v[BL_VFORK][r]);
	}
}
