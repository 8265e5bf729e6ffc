/*
 * The system call table, built from SYSCALL_LIST (calls.h), and
 * syscall_dispatch(), the C side of the syscall instruction.
 */
#include "arch/x86_64/memlayout.h"
#include "proc/proc.h"
#include "syscall/calls.h"
#include "syscall/strace.h"
#include "syscall/syscall.h"
#include "lib/errno.h"

bool invariant_checks;

#define DECLARE(nr, name, args)                                                \
	long syscall_##name(const struct syscall_args *);
SYSCALL_LIST(DECLARE)

/* Same behaviour under another name. */
#define syscall_getgid	syscall_getuid
#define syscall_geteuid syscall_getuid
#define syscall_getegid syscall_getuid

#define ENTRY(nr, name, args) [nr] = {#name, syscall_##name, args},
const struct syscall_desc syscall_table[] = {SYSCALL_LIST(ENTRY)};
const unsigned syscall_table_size = ARRAY_SIZE(syscall_table);

void syscall_dispatch(struct trap_frame *f)
{
	uint64_t nr = f->rax;
	struct syscall_args a = {
	    {f->rdi, f->rsi, f->rdx, f->r10, f->r8, f->r9}};
	const struct syscall_desc *d =
	    nr < syscall_table_size && syscall_table[nr].fn ? &syscall_table[nr]
							    : NULL;

	bool traced = current->traced; /* as the call began */
	if (traced)
		strace_enter(current, nr, &a);
	long ret = d ? d->fn(&a) : -ENOSYS;
	f->rax = (uint64_t)ret;
	if (traced)
		strace_exit(current, nr, &a, ret);
	/* "check" on the command line; with many vmas the O(n) check runs
	 * only every so often, so a 65530-vma test stays testable. */
	static uint64_t ncalls;
	if (invariant_checks &&
	    ++ncalls % (1 + current->mm->vmas.count / 256) == 0)
		mm_check(current->mm);
	signal_deliver(f, (long)nr);
	/* sysret to a non-canonical address would fault in ring 0. */
	if (f->rip >= USER_END)
		f->vector = 0;
}
