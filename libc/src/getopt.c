/*
 * getopt(3) as POSIX describes it: options end at the first non-option
 * argument or at "--"; "ab:" means -a takes no argument and -b one, given
 * as "-bVALUE" or "-b VALUE".  Errors print "prog: invalid option -- 'x'"
 * like glibc and return '?' (or ':' for a missing argument when
 * optstring starts with ':').
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

char *optarg;
int optind = 1, opterr = 1, optopt;

static int next_char = 1; /* position inside argv[optind] */

int getopt(int argc, char *const argv[], const char *optstring)
{
	const char *arg, *spec;
	int colon_mode = optstring[0] == ':';
	int c;

	if (optind == 0) { /* a request to start over */
		optind = 1;
		next_char = 1;
	}
	optarg = NULL;
	if (optind >= argc)
		return -1;
	arg = argv[optind];
	if (next_char == 1) {
		if (arg == NULL || arg[0] != '-' || arg[1] == '\0')
			return -1;
		if (strcmp(arg, "--") == 0) {
			optind++;
			return -1;
		}
	}
	c = (unsigned char)arg[next_char++];
	spec = c != ':' ? strchr(optstring + colon_mode, c) : NULL;
	if (arg[next_char] == '\0') {
		optind++;
		next_char = 1;
	}
	if (spec == NULL) {
		optopt = c;
		if (opterr && !colon_mode)
			fprintf(stderr, "%s: invalid option -- '%c'\n", argv[0],
				c);
		return '?';
	}
	if (spec[1] == ':') {
		if (next_char > 1) { /* -bVALUE */
			optarg = (char *)arg + next_char;
			optind++;
			next_char = 1;
		} else if (optind < argc) { /* -b VALUE */
			optarg = argv[optind++];
		} else {
			optopt = c;
			if (colon_mode)
				return ':';
			if (opterr)
				fprintf(stderr,
					"%s: option requires an argument -- "
					"'%c'\n",
					argv[0], c);
			return '?';
		}
	}
	return c;
}
