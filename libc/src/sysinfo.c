/* Facts about the system: uname, sysconf, page size, host name, locale. */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "internal.h"

int uname(struct utsname *buf)
{
	return (int)SYSCALL1(uname, buf);
}

int gethostname(char *name, size_t len)
{
	struct utsname u;
	size_t n;

	if (uname(&u) < 0)
		return -1;
	n = strlen(u.nodename);
	if (n >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(name, u.nodename, n + 1);
	return 0;
}

int getpagesize(void)
{
	unsigned long pgsz = getauxval(AT_PAGESZ);

	return pgsz ? (int)pgsz : 4096;
}

/* Counts the CPUs this process may run on; 1 if the kernel cannot say. */
static long online_cpus(void)
{
	unsigned long mask[16] = {0};
	long n = __syscall3(SYS_sched_getaffinity, 0, sizeof(mask), (long)mask);
	long count = 0;

	if (n <= 0)
		return 1;
	for (long i = 0; i < n / (long)sizeof(long); i++)
		count += __builtin_popcountl(mask[i]);
	return count ? count : 1;
}

/* Returns -1 with errno EINVAL for names it does not know. */
long sysconf(int name)
{
	struct rlimit rl;
	unsigned long v;

	switch (name) {
	case _SC_PAGESIZE:
		return getpagesize();
	case _SC_CLK_TCK:
		v = getauxval(AT_CLKTCK);
		return v ? (long)v : 100;
	case _SC_OPEN_MAX:
		if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
			return 1024;
		return rl.rlim_cur == RLIM_INFINITY ? -1 : (long)rl.rlim_cur;
	case _SC_ARG_MAX:
		return 131072;
	case _SC_CHILD_MAX:
		return -1; /* no fixed limit */
	case _SC_LINE_MAX:
		return LINE_MAX;
	case _SC_HOST_NAME_MAX:
		return HOST_NAME_MAX;
	case _SC_NPROCESSORS_CONF:
	case _SC_NPROCESSORS_ONLN:
		return online_cpus();
	default:
		errno = EINVAL;
		return -1;
	}
}

char *setlocale(int category, const char *locale)
{
	static char c_locale[] = "C";

	if (category < LC_CTYPE || category > LC_ALL) {
		errno = EINVAL;
		return NULL;
	}
	if (locale == NULL || locale[0] == '\0' || strcmp(locale, "C") == 0 ||
	    strcmp(locale, "POSIX") == 0)
		return c_locale;
	return NULL;
}
