/*
 * Private to libc: the system-call instruction and helpers shared between
 * libc's source files.  Nothing here is part of the public headers.
 *
 * A Linux x86-64 system call takes its number in rax and arguments in
 * rdi rsi rdx r10 r8 r9, returns in rax (-4095..-1 meaning -errno), and
 * clobbers rcx and r11.
 */
#ifndef TIDE_LIBC_INTERNAL_H
#define TIDE_LIBC_INTERNAL_H

#include <stddef.h>
#include <sys/syscall.h>

static inline long __syscall0(long n)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long __syscall1(long n, long a1)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a1)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long __syscall2(long n, long a1, long a2)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a1), "S"(a2)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long __syscall3(long n, long a1, long a2, long a3)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a1), "S"(a2), "d"(a3)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long __syscall4(long n, long a1, long a2, long a3, long a4)
{
	register long r10 __asm__("r10") = a4;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long __syscall5(long n, long a1, long a2, long a3, long a4,
			      long a5)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long __syscall6(long n, long a1, long a2, long a3, long a4,
			      long a5, long a6)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8),
			   "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

/* Turns a raw result into the C convention: -errno becomes errno and -1. */
long __syscall_ret(long ret);

/* SYSCALLn(name, args): the call with the C convention, e.g.
 * SYSCALL3(read, fd, buf, n).  Arguments are cast to long. */
#define SYSCALL0(nm)	__syscall_ret(__syscall0(SYS_##nm))
#define SYSCALL1(nm, a) __syscall_ret(__syscall1(SYS_##nm, (long)(a)))
#define SYSCALL2(nm, a, b)                                                     \
	__syscall_ret(__syscall2(SYS_##nm, (long)(a), (long)(b)))
#define SYSCALL3(nm, a, b, c)                                                  \
	__syscall_ret(__syscall3(SYS_##nm, (long)(a), (long)(b), (long)(c)))
#define SYSCALL4(nm, a, b, c, d)                                               \
	__syscall_ret(                                                         \
	    __syscall4(SYS_##nm, (long)(a), (long)(b), (long)(c), (long)(d)))
#define SYSCALL5(nm, a, b, c, d, e)                                            \
	__syscall_ret(__syscall5(SYS_##nm, (long)(a), (long)(b), (long)(c),    \
				 (long)(d), (long)(e)))
#define SYSCALL6(nm, a, b, c, d, e, f)                                         \
	__syscall_ret(__syscall6(SYS_##nm, (long)(a), (long)(b), (long)(c),    \
				 (long)(d), (long)(e), (long)(f)))

/* start.c: the auxiliary vector as the kernel passed it. */
extern unsigned long *__libc_auxv;

/* stdio_file.c: flushes every stream; exit() calls it. */
void __stdio_flush_all(void);

/* printf_float.c: %f %e %g %a for fmt_float_hook. */
struct fmt_spec;

#endif
