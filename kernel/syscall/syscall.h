/*
 * System calls: Linux's x86-64 numbers, arguments in rdi rsi rdx r10 r8
 * r9, result in rax (-errno on failure).  Each call is defined with
 * SYSCALL_DEFINEn(name, type, arg, ...), which makes `long syscall_name(const
 * struct syscall_args *)` unpack typed arguments for the body:
 *
 *	SYSCALL_DEFINE1(close, int, fd) { ... }
 *
 * table.c maps numbers to these; numbers without an entry get -ENOSYS.
 */
#ifndef TIDE_SYSCALL_SYSCALL_H
#define TIDE_SYSCALL_SYSCALL_H

#include "lib/types.h"

struct syscall_args {
	uint64_t a[6];
};

typedef long (*syscall_fn)(const struct syscall_args *);

struct syscall_desc {
	const char *name;
	syscall_fn fn;
	const char *args; /* strace's argument kinds, one letter each */
};

extern const struct syscall_desc syscall_table[];

/* Set by "check" on the kernel command line: after every system call the
 * caller's address space is checked (vma set, RSS against the page
 * tables), and the frame allocator whenever a process exits. */
extern bool invariant_checks;

struct mm;
/* RLIMIT_AS and RLIMIT_DATA (data: len private writable bytes): may the
 * caller's address space grow by len?  (sys_mm.c) */
bool mm_within_limits(struct mm *mm, size_t len, bool data);
extern const unsigned syscall_table_size;

#define SYSCALL_DEFINE0(name)                                                  \
	long syscall_##name(const struct syscall_args *_a __unused)

#define SYSCALL_DEFINE1(name, t1, a1)                                          \
	static long do_##name(t1 a1);                                          \
	long syscall_##name(const struct syscall_args *_a)                     \
	{                                                                      \
		return do_##name((t1)_a->a[0]);                                \
	}                                                                      \
	static long do_##name(t1 a1)

#define SYSCALL_DEFINE2(name, t1, a1, t2, a2)                                  \
	static long do_##name(t1 a1, t2 a2);                                   \
	long syscall_##name(const struct syscall_args *_a)                     \
	{                                                                      \
		return do_##name((t1)_a->a[0], (t2)_a->a[1]);                  \
	}                                                                      \
	static long do_##name(t1 a1, t2 a2)

#define SYSCALL_DEFINE3(name, t1, a1, t2, a2, t3, a3)                          \
	static long do_##name(t1 a1, t2 a2, t3 a3);                            \
	long syscall_##name(const struct syscall_args *_a)                     \
	{                                                                      \
		return do_##name((t1)_a->a[0], (t2)_a->a[1], (t3)_a->a[2]);    \
	}                                                                      \
	static long do_##name(t1 a1, t2 a2, t3 a3)

#define SYSCALL_DEFINE4(name, t1, a1, t2, a2, t3, a3, t4, a4)                  \
	static long do_##name(t1 a1, t2 a2, t3 a3, t4 a4);                     \
	long syscall_##name(const struct syscall_args *_a)                     \
	{                                                                      \
		return do_##name((t1)_a->a[0], (t2)_a->a[1], (t3)_a->a[2],     \
				 (t4)_a->a[3]);                                \
	}                                                                      \
	static long do_##name(t1 a1, t2 a2, t3 a3, t4 a4)

#define SYSCALL_DEFINE5(name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5)          \
	static long do_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5);              \
	long syscall_##name(const struct syscall_args *_a)                     \
	{                                                                      \
		return do_##name((t1)_a->a[0], (t2)_a->a[1], (t3)_a->a[2],     \
				 (t4)_a->a[3], (t5)_a->a[4]);                  \
	}                                                                      \
	static long do_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5)

#define SYSCALL_DEFINE6(name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6)  \
	static long do_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6);       \
	long syscall_##name(const struct syscall_args *_a)                     \
	{                                                                      \
		return do_##name((t1)_a->a[0], (t2)_a->a[1], (t3)_a->a[2],     \
				 (t4)_a->a[3], (t5)_a->a[4], (t6)_a->a[5]);    \
	}                                                                      \
	static long do_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6)

#endif
