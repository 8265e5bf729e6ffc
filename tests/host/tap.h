/*
 * A tiny TAP harness for host unit tests: CHECK() records one assertion,
 * test programs list their cases in a table and call tap_run().  Output is
 * "ok N - name" / "not ok N - name" per case and exit status 1 if any
 * failed, which tests/run-host.sh counts.
 */
#ifndef TIDE_TESTS_TAP_H
#define TIDE_TESTS_TAP_H

#include <stdio.h>
#include <stdlib.h>

struct tap_case {
	void (*fn)(void);
	const char *name;
};

extern int tap_case_failed;

#define CHECK(cond)                                                         \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stdout, "#   %s:%d: check failed: %s\n",        \
				__FILE__, __LINE__, #cond);                 \
			tap_case_failed = 1;                                \
		}                                                           \
	} while (0)

#define CHECK_EQ(a, b)                                                      \
	do {                                                                \
		long long _a = (long long)(a), _b = (long long)(b);         \
		if (_a != _b) {                                             \
			fprintf(stdout,                                     \
				"#   %s:%d: %s == %s failed: %lld != %lld\n",   \
				__FILE__, __LINE__, #a, #b, _a, _b);        \
			tap_case_failed = 1;                                \
		}                                                           \
	} while (0)

/* Runs every case, prints TAP, returns the process exit status. */
int tap_run(const struct tap_case *cases, int ncases);

#define TAP_CASE(fn) {fn, #fn}

#endif
