/* Temporary files and system(). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <stdlib.h>

/*
 * Replaces the trailing "XXXXXX" of template with letters derived from
 * the pid, the clock and a counter, calling try until it stops failing
 * with EEXIST.  Returns try's result, or -1 (EINVAL) for a bad template.
 */
static int fill_template(char *template, int (*try)(const char *path))
{
	static const char letters[] =
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static unsigned long counter;
	size_t len = strlen(template);
	char *x = template + len - 6;

	if (len < 6 || strcmp(x, "XXXXXX") != 0) {
		errno = EINVAL;
		return -1;
	}
	for (int attempt = 0; attempt < 1000; attempt++) {
		struct timespec ts;
		unsigned long v;
		int r;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		v = (unsigned long)ts.tv_nsec * 2654435761u ^
		    (unsigned long)getpid() << 16 ^ ++counter * 40503u;
		for (int i = 0; i < 6; i++, v /= 62)
			x[i] = letters[v % 62];
		r = try(template);
		if (r >= 0 || errno != EEXIST)
			return r;
	}
	errno = EEXIST;
	return -1;
}

static int try_create(const char *path)
{
	return open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
}

static int try_mkdir(const char *path)
{
	return mkdir(path, 0700);
}

int mkstemp(char *template)
{
	return fill_template(template, try_create);
}

char *mkdtemp(char *template)
{
	return fill_template(template, try_mkdir) < 0 ? NULL : template;
}

/* Runs command with /bin/sh -c and returns its wait status (-1 if the
 * fork failed); system(NULL) reports whether a shell exists. */
int system(const char *command)
{
	pid_t pid;
	int status;

	if (command == NULL)
		return access("/bin/sh", X_OK) == 0;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", command, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -1;
	}
	return status;
}
