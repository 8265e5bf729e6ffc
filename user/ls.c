/*
 * ls [-l] [-a] [path...]: list directories (sorted by name) and name
 * files.  -l adds the mode string and size of each entry ("-rwxr-xr-x
 * 12345 name", "->" target for a symbolic link); -a shows names starting
 * with '.'.  Without a path it lists the current directory.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int long_format, show_all;

/* Fills mode with "drwxr-xr-x"-style text for st_mode m. */
static void mode_string(mode_t m, char mode[11])
{
	const char *rwx = "rwxrwxrwx";

	mode[0] = S_ISDIR(m)	? 'd'
		  : S_ISLNK(m)	? 'l'
		  : S_ISCHR(m)	? 'c'
		  : S_ISBLK(m)	? 'b'
		  : S_ISFIFO(m) ? 'p'
		  : S_ISSOCK(m) ? 's'
				: '-';
	for (int i = 0; i < 9; i++)
		mode[1 + i] = (m & (0400 >> i)) ? rwx[i] : '-';
	mode[10] = '\0';
}

/* Prints one entry: its name, or with -l its mode and size too. */
static int show(const char *path, const char *name)
{
	struct stat st;
	char mode[11], target[256];
	ssize_t n;

	if (!long_format) {
		printf("%s\n", name);
		return 0;
	}
	if (lstat(path, &st) != 0) {
		fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
		return -1;
	}
	mode_string(st.st_mode, mode);
	printf("%s %8lld %s", mode, (long long)st.st_size, name);
	if (S_ISLNK(st.st_mode) &&
	    (n = readlink(path, target, sizeof(target) - 1)) >= 0)
		printf(" -> %.*s", (int)n, target);
	printf("\n");
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists directory path, sorted; returns 0 or -1. */
static int list_dir(const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int status = 0;

	if (!dir) {
		fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.' && !show_all)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			names = realloc(names, cap * sizeof(names[0]));
			if (!names) {
				fprintf(stderr, "ls: out of memory\n");
				exit(1);
			}
		}
		names[n++] = strdup(de->d_name);
	}
	closedir(dir);
	qsort(names, n, sizeof(names[0]), by_name);
	for (size_t i = 0; i < n; i++) {
		char full[1024];

		snprintf(full, sizeof(full), "%s/%s", path, names[i]);
		if (show(full, names[i]) < 0)
			status = -1;
		free(names[i]);
	}
	free(names);
	return status;
}

int main(int argc, char *argv[])
{
	int i = 1, npaths, status = 0;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		for (const char *o = argv[i] + 1; *o; o++) {
			if (*o == 'l') {
				long_format = 1;
			} else if (*o == 'a') {
				show_all = 1;
			} else {
				fprintf(stderr, "usage: ls [-la] [path...]\n");
				return 2;
			}
		}
	}
	npaths = argc - i;
	if (npaths == 0)
		return list_dir(".") < 0;
	for (; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "ls: %s: %s\n", argv[i],
				strerror(errno));
			status = 1;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			if (show(argv[i], argv[i]) < 0)
				status = 1;
			continue;
		}
		if (npaths > 1)
			printf("%s:\n", argv[i]);
		if (list_dir(argv[i]) < 0)
			status = 1;
		if (npaths > 1 && i + 1 < argc)
			printf("\n");
	}
	return status;
}
