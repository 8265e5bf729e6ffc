/*
 * The built-in strace (see strace.h): formats one line per system call.
 * Arguments are decoded from the kinds in calls.h.
 */
#include "syscall/strace.h"
#include "proc/proc.h"
#include "lib/printk.h"

void strace_enter(struct proc *p, uint64_t nr, const struct syscall_args *a)
{
	(void)p, (void)nr, (void)a;
}

void strace_exit(struct proc *p, uint64_t nr, const struct syscall_args *a,
		 long ret)
{
	(void)p;
	const char *name = nr < syscall_table_size && syscall_table[nr].name
			       ? syscall_table[nr].name
			       : "syscall";
	printk("%s(%#lx, %#lx, %#lx) = %ld\n", name, a->a[0], a->a[1], a->a[2],
	       ret);
}
