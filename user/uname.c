/*
 * uname [-a]: print the system's name, release and machine (from
 * uname(2)); -a prints every field in the order Linux's uname -a does.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

int main(int argc, char *argv[])
{
	struct utsname u;

	if (uname(&u) != 0) {
		fprintf(stderr, "uname: %s\n", strerror(errno));
		return 1;
	}
	if (argc > 1 && strcmp(argv[1], "-a") == 0)
		printf("%s %s %s %s %s\n", u.sysname, u.nodename, u.release,
		       u.version, u.machine);
	else
		printf("%s %s %s\n", u.sysname, u.release, u.machine);
	return 0;
}
