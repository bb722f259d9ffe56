/* cli: the options every driver shares (--sizes, --heap, --reps, --warmup,
 * --cpu, -o, --quick, --events, --list-events, --fragments) and the one way a
 * driver rejects bad input: a message naming the value and what is allowed,
 * exit 2, before anything is allocated. These helpers exit by design; they
 * are the drivers' front end, not measurement code. */
#ifndef FORKBENCH_CLI_H
#define FORKBENCH_CLI_H
#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "heap.h"
#include "perf.h"
#include "table.h"

#define FB_MAX_SIZES 32
#define FB_MAX_PICK 32

struct fb_common_opts {
	const char *prog;
	uint64_t sizes[FB_MAX_SIZES];
	int nsizes;
	const struct fb_heap_kind *heaps[FB_MAX_PICK];
	int nheaps;
	uint64_t reps, warmup;
	bool reps_given, warmup_given;   /* explicit values beat a driver's defaults and --quick */
	uint64_t runs;           /* independent runs, each a fresh measured process; 0: default */
	int64_t budget_ns;       /* --budget: as many runs as fit (at least 3); 0: none */
	int cpu;                 /* -1: not pinned */
	const char *output;      /* raw CSV path; NULL: results/<driver>.csv */
	bool quick;
	bool list_events;
	char *events_arg;        /* NULL: defaults */
	uint64_t fragments;      /* fragmented heap: VMA count */
	struct fb_perf_spec perf;
	bool want_list, want_columns;
	bool set_mthp;           /* --set-mthp: set the mTHP knobs for each build, restored after (root) */
	void (*usage)(void);     /* the driver's --help text */
};

/* Long options shared by all drivers; their short codes are >= 256 or the letters below. */
enum { FB_OPT_SIZES = 256, FB_OPT_HEAP, FB_OPT_REPS, FB_OPT_WARMUP, FB_OPT_CPU,
       FB_OPT_QUICK, FB_OPT_EVENTS, FB_OPT_LIST_EVENTS, FB_OPT_FRAGMENTS, FB_OPT_LIST,
       FB_OPT_COLUMNS, FB_OPT_VERSION, FB_OPT_RUNS, FB_OPT_SET_MTHP, FB_OPT_BUDGET,
       FB_OPT_METHODS, FB_OPT_CHILD, FB_OPT_LIKE, FB_OPT_LIKE_FILE, FB_OPT_DRIVER = 300 };
#define FB_COMMON_LONGOPTS                                                              \
	{ "sizes", required_argument, 0, FB_OPT_SIZES },                                \
	{ "heap", required_argument, 0, FB_OPT_HEAP },                                  \
	{ "reps", required_argument, 0, FB_OPT_REPS },                                  \
	{ "warmup", required_argument, 0, FB_OPT_WARMUP },                              \
	{ "cpu", required_argument, 0, FB_OPT_CPU },                                    \
	{ "output", required_argument, 0, 'o' },                                        \
	{ "quick", no_argument, 0, FB_OPT_QUICK },                                      \
	{ "events", required_argument, 0, FB_OPT_EVENTS },                              \
	{ "list-events", no_argument, 0, FB_OPT_LIST_EVENTS },                          \
	{ "fragments", required_argument, 0, FB_OPT_FRAGMENTS },                        \
	{ "list", no_argument, 0, FB_OPT_LIST },                                        \
	{ "columns", no_argument, 0, FB_OPT_COLUMNS },                                  \
	{ "version", no_argument, 0, FB_OPT_VERSION },                                  \
	{ "runs", required_argument, 0, FB_OPT_RUNS },                                  \
	{ "set-mthp", no_argument, 0, FB_OPT_SET_MTHP },                                \
	{ "budget", required_argument, 0, FB_OPT_BUDGET },                              \
	{ "help", no_argument, 0, 'h' }

#define FB_COMMON_HELP                                                                  \
	"  --sizes LIST       heap sizes, K/M/G suffixes (e.g. 0,1M,256M,1G)\n"            \
	"  --heap LIST        heap kinds (see --list); all: every kind but the mTHP ones,\n" \
	"                     mthp:all: every mTHP size this kernel offers\n"                       \
	"  --reps N           measured repetitions per configuration\n"                    \
	"  --warmup N         discarded repetitions before them (in every run)\n"          \
	"  --runs N           independent runs, each a fresh measured process, the reps\n" \
	"                     spread over them (default 3, at most --reps)\n"             \
	"  --budget DURATION  instead of --runs: finish in about DURATION (e.g. 90s, 5m,\n" \
	"                     1h): the first run measures what a run costs here, then\n"  \
	"                     as many runs of the same size as fit (at least 3)\n"       \
	"  --cpu N            pin the parent (and so its children) to CPU N\n"             \
	"  -o, --output FILE  raw CSV; FILE's .summary.csv and .meta sit beside it\n"      \
	"  --quick            a small sweep that finishes in under 30 s (for CI)\n"        \
	"  --events LIST      libpfm4 event names (default: software events, then\n"       \
	"                     cycles, instructions, dTLB-load-misses where present)\n"    \
	"  --list-events      print the events of this machine's PMUs and whether they open\n" \
	"  --fragments N      VMAs the 'fragmented' heap is split into\n"                  \
	"  --set-mthp         as root: for each mthp:SIZE / thp-pte build, set that size's\n" \
	"                     knob to madvise and the others to never, restored after\n"  \
	"  --list             print the tables (methods, heap kinds, ...)\n"              \
	"  --columns          print the CSV columns with their meaning\n"                  \
	"  --version          print the suite version, commit and build type\n"         \
	"  -h, --help         this text\n"

void fb_common_defaults(struct fb_common_opts *o, const char *prog, void (*usage)(void));
/* Handles a shared option (and --help, --list, --columns, an unknown option);
 * returns false when opt is the driver's own. */
bool fb_common_option(struct fb_common_opts *o, int opt, char *arg);
/* After getopt: refuses stray arguments, answers --list with list(), finishes
 * the shared options, answers --columns from the table columns() builds.
 * Returns only when a sweep is to run. */
void fb_cli_finish(struct fb_common_opts *o, int argc, char **argv, void (*list)(void),
		   int (*columns)(struct fb_table *t, const struct fb_perf_spec *perf));
/* After parsing: encodes events, checks --cpu; exits 2 on bad input. */
void fb_common_finish(struct fb_common_opts *o);

/* A driver's command line: the shared options (fb_common_defaults first,
 * handled by fb_common_option), then the driver's own, rows of getopt_long's
 * table ending in a zero row, each handed to own(ctx, opt, arg). Stops at
 * the end of the options; fb_cli_finish comes next. */
void fb_cli_parse(struct fb_common_opts *o, const char *prog, void (*usage)(void), int argc, char **argv,
		  const struct option *rows, void (*own)(void *ctx, int opt, char *arg), void *ctx);

/* getopt_long over the shared short options "o:h", after checking once that
 * every long option in argv is spelled exactly (getopt_long would take a
 * prefix: --method as --methods). Exits 2 with "did you mean" otherwise. */
int fb_getopt(struct fb_common_opts *o, int argc, char **argv, const struct option *longopts);
/* The exact-name check alone, for front ends with their own option set. */
void fb_check_long_options(const char *prog, int argc, char **argv, const char *shortopts,
			   const struct option *longopts);

void fb_usage_error(const char *prog, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));

/* Splits a comma list given to option; exits 2 naming the value when an item
 * is empty or there are more than max. Returns the count (>= 1). */
int fb_cli_list(const char *prog, const char *option, char *arg, char **items, int max);
/* --list sections shared by the drivers: the method and child-action tables,
 * and the heap kinds (one line per row: name, description). */
void fb_list_methods(void);
void fb_list_heap_kinds(void);
/* Picks rows of a table by name: the table's rows start with a `const char *name`.
 * Fills idx[] with row numbers; "all" picks every row. Exits 2 on an unknown name. */
int fb_pick(const char *prog, const char *option, char *arg, const void *table, size_t stride,
	    size_t nrows, int *idx, int max);
/* --methods and --child, picked from the method and child-action tables (at most FB_MAX_PICK). */
/* The process-creation picks forkbench-spawn and -stall share: --methods and
 * --child, rows for a driver's option table, handled by fb_create_option
 * (false: not one of them). */
struct fb_create_picks {
	int methods[FB_MAX_PICK], nmethods, modes[FB_MAX_PICK], nmodes;
};
#define FB_CREATE_LONGOPTS                                         \
	{ "methods", required_argument, 0, FB_OPT_METHODS },       \
	{ "child", required_argument, 0, FB_OPT_CHILD }
bool fb_create_option(struct fb_create_picks *p, const char *prog, int opt, char *arg);
int fb_pick_methods(const char *prog, char *arg, int *out);
int fb_pick_child(const char *prog, char *arg, int *out);
/* The static exec target's path into buf (fb_exec_target_path), or a message
 * naming it and how to fix it: 0, or FB_EXIT_FAIL for the driver to return. */
int fb_cli_exec_target(const char *prog, char *buf, size_t len);
/* "a, b, c" of a table's names, for messages. */
void fb_names(const void *table, size_t stride, size_t nrows, char *buf, size_t len);
/* Refuses, exit 2, a heap size that would not fit; copies = what children may copy. */
void fb_check_fits(const char *prog, uint64_t bytes, unsigned copies);
/* Sets the default sizes, dropping (with a note) those that would not fit here:
 * a default sweep adapts to the machine, an explicit --sizes is refused instead. */
void fb_default_sizes(struct fb_common_opts *o, const uint64_t *sizes, size_t n, unsigned copies);
/* Warns on stderr, and returns the busy share of the CPUs (percent) over 200 ms,
 * when the machine is not quiet: other work skews every timing. */
int fb_check_quiet(const char *prog);
/* The run count: --runs, else 3, at most --reps (exits 2 when --runs > --reps). */
unsigned fb_common_runs(const struct fb_common_opts *o);
/* Creates the directory of path if missing (results/ on a fresh clone). */
int fb_make_parent_dir(const char *path);
/* mTHP heap kinds (cli_mthp.c): `mthp:all` in a --heap list becomes the
 * sizes this kernel offers (malloc'd string); the check refuses, exit 2, a
 * size whose knob would not give it, naming the command; begin records the
 * knobs in the sidecar and, with --set-mthp, restores them at end or exit. */
char *fb_mthp_expand_heaps(const char *arg);
void fb_mthp_check(struct fb_common_opts *o);
void fb_mthp_run_begin(FILE *side, const struct fb_common_opts *o);
void fb_mthp_run_end(FILE *side);
#endif
