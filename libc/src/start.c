/*
 * Process start-up: from the stack the kernel built to main(), and the
 * auxiliary vector for getauxval().
 *
 *   rsp -> argc
 *          argv[0] ... argv[argc-1]  NULL
 *          envp[0] ... envp[n-1]     NULL
 *          auxv: (type, value) pairs ending with (AT_NULL, 0)
 *          ... the strings and AT_RANDOM's 16 bytes, higher up
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "internal.h"
#include "lib/format.h"

char **environ;
unsigned long *__libc_auxv;
char *program_invocation_name = "";
char *program_invocation_short_name = "";

int main(int argc, char **argv, char **envp);
int __printf_float(fmt_emit_fn emit, void *ctx, const struct fmt_spec *spec,
		   va_list *ap);

/* Constructors and destructors; the linker defines these bounds. */
typedef void (*init_fn)(void);
extern init_fn __init_array_start[] __attribute__((weak));
extern init_fn __init_array_end[] __attribute__((weak));
extern init_fn __fini_array_start[] __attribute__((weak));
extern init_fn __fini_array_end[] __attribute__((weak));

static void run_fini_array(void)
{
	size_t n = __fini_array_end - __fini_array_start;

	while (n-- > 0)
		__fini_array_start[n]();
}

__attribute__((noreturn, used)) void __libc_start(long *sp,
						  void (*rtld_fini)(void))
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;
	char **p = envp;

	while (*p)
		p++;
	environ = envp;
	__libc_auxv = (unsigned long *)(p + 1);

	if (argc > 0 && argv[0]) {
		char *slash = strrchr(argv[0], '/');

		program_invocation_name = argv[0];
		program_invocation_short_name = slash ? slash + 1 : argv[0];
	}
	fmt_float_hook = __printf_float;

	if (rtld_fini)
		atexit(rtld_fini);
	atexit(run_fini_array);
	for (init_fn *f = __init_array_start; f < __init_array_end; f++)
		(*f)();
	exit(main(argc, argv, envp));
}

unsigned long getauxval(unsigned long type)
{
	for (unsigned long *a = __libc_auxv; a && a[0] != AT_NULL; a += 2) {
		if (a[0] == type)
			return a[1];
	}
	errno = ENOENT;
	return 0;
}
