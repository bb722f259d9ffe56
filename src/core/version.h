/* version: the suite's version, commit and build type, generated at every
 * build by cmake/version.cmake (the commit ends in -dirty when the tree had
 * uncommitted changes to tracked files). */
#ifndef FORKBENCH_VERSION_H
#define FORKBENCH_VERSION_H
extern const char fb_suite_version[];
extern const char fb_suite_commit[];
extern const char fb_build_type[];
/* "PROG VERSION (commit C, BUILD build)" on stdout, for --version. */
void fb_print_version(const char *prog);
#endif
