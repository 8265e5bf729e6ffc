/* The runner behind tests/host/tap.h. */
#include "tap.h"

int tap_case_failed;

int tap_run(const struct tap_case *cases, int ncases)
{
	int failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0); /* lines survive a crashing case */
	printf("1..%d\n", ncases);
	for (int i = 0; i < ncases; i++) {
		tap_case_failed = 0;
		cases[i].fn();
		printf("%s %d - %s\n", tap_case_failed ? "not ok" : "ok", i + 1,
		       cases[i].name);
		failed += tap_case_failed;
	}
	fflush(stdout);
	return failed ? 1 : 0;
}
