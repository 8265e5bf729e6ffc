/*
 * Non-local jumps.  A jmp_buf holds the callee-saved registers (rbx rbp
 * r12 r13 r14 r15), rsp and the return address, plus the signal mask for
 * sigsetjmp.  As in glibc, setjmp does not save the mask; sigsetjmp(env,
 * 1) does and siglongjmp restores it.
 */
#ifndef _SETJMP_H
#define _SETJMP_H

struct __jmp_buf_tag {
	unsigned long __regs[8];
	int __mask_saved;
	unsigned long __mask;
};

typedef struct __jmp_buf_tag jmp_buf[1];
typedef struct __jmp_buf_tag sigjmp_buf[1];

int setjmp(jmp_buf env) __attribute__((returns_twice));
int _setjmp(jmp_buf env) __attribute__((returns_twice));
int sigsetjmp(sigjmp_buf env, int savemask) __attribute__((returns_twice));
__attribute__((noreturn)) void longjmp(jmp_buf env, int val);
__attribute__((noreturn)) void _longjmp(jmp_buf env, int val);
__attribute__((noreturn)) void siglongjmp(sigjmp_buf env, int val);

#endif
