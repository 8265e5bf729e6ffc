/*
 * rm [-r] [-f] path...: remove files; with -r, directories and all they
 * hold; with -f, say nothing about paths that do not exist.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int recursive, force;

static int remove_path(const char *path);

/*
 * Removes everything in directory path, then path.  Returns 0, or -1 with
 * errno set, or with errno 0 if what failed was inside (and reported).
 */
static int remove_dir(const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *de;
	int status = 0;

	if (!dir)
		return -1;
	while ((de = readdir(dir))) {
		char child[1024];

		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(child, sizeof(child), "%s/%s", path, de->d_name);
		if (remove_path(child) < 0)
			status = -1;
	}
	closedir(dir);
	if (status < 0) {
		errno = 0;
		return -1;
	}
	return rmdir(path);
}

/* Removes path (a directory with -r); returns 0, or -1 after a message. */
static int remove_path(const char *path)
{
	struct stat st;
	int ret;

	if (lstat(path, &st) != 0) {
		ret = (force && errno == ENOENT) ? 0 : -1;
	} else if (!S_ISDIR(st.st_mode)) {
		ret = unlink(path);
	} else if (recursive) {
		ret = remove_dir(path);
	} else {
		errno = EISDIR;
		ret = -1;
	}
	if (ret < 0 && errno != 0)
		fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
	return ret;
}

int main(int argc, char *argv[])
{
	int i = 1, status = 0;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		for (const char *o = argv[i] + 1; *o; o++) {
			if (*o == 'r' || *o == 'R') {
				recursive = 1;
			} else if (*o == 'f') {
				force = 1;
			} else {
				fprintf(stderr, "usage: rm [-rf] path...\n");
				return 2;
			}
		}
	}
	if (i == argc && !force) {
		fprintf(stderr, "usage: rm [-rf] path...\n");
		return 2;
	}
	for (; i < argc; i++)
		if (remove_path(argv[i]) < 0)
			status = 1;
	return status;
}
