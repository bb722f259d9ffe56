/* check.h: the unit tests' assertions. CHECK(cond, fmt, ...) prints "FAIL:"
 * with the message and counts the failure; check() compares a number with
 * the value wanted, to a tolerance; a test's main returns failures != 0. */
#ifndef FB_TEST_CHECK_H
#define FB_TEST_CHECK_H
#include <math.h>
#include <stdio.h>

static int failures;

#define CHECK(cond, ...)                          \
	do {                                      \
		if (!(cond)) {                    \
			printf("FAIL: " __VA_ARGS__); \
			printf("\n");             \
			failures++;               \
		}                                 \
	} while (0)

static inline void check(const char *what, double got, double want, double tol)
{
	if (!(fabs(got - want) <= tol)) {
		printf("FAIL: %s: got %.10g, want %.10g\n", what, got, want);
		failures++;
	} else {
		printf("ok: %s = %.6g\n", what, got);
	}
}
#endif
