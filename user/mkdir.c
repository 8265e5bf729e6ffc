/*
 * mkdir [-p] dir...: make directories (mode 0755).  With -p, make missing
 * parents too and accept directories that exist already.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* mkdir -p: each prefix of path in turn.  Returns 0 or -1 with errno. */
static int make_parents(char *path)
{
	for (char *p = path + 1;; p++) {
		if (*p == '/' || *p == '\0') {
			char saved = *p;
			struct stat st;

			*p = '\0';
			if (mkdir(path, 0755) != 0 &&
			    !(errno == EEXIST && stat(path, &st) == 0 &&
			      S_ISDIR(st.st_mode)))
				return -1;
			*p = saved;
			if (saved == '\0')
				return 0;
		}
	}
}

int main(int argc, char *argv[])
{
	int parents = 0, status = 0, i = 1;

	if (argc > 1 && strcmp(argv[1], "-p") == 0) {
		parents = 1;
		i++;
	}
	if (i == argc) {
		fprintf(stderr, "usage: mkdir [-p] dir...\n");
		return 1;
	}
	for (; i < argc; i++) {
		if ((parents ? make_parents(argv[i]) : mkdir(argv[i], 0755)) !=
		    0) {
			fprintf(stderr, "mkdir: %s: %s\n", argv[i],
				strerror(errno));
			status = 1;
		}
	}
	return status;
}
