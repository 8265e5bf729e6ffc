/*
 * setjmp/longjmp.  jmp_buf layout (see <setjmp.h>):
 *   0 rbx   8 rbp  16 r12  24 r13  32 r14  40 r15
 *  48 rsp as the caller sees it after setjmp returns
 *  56 the return address
 *  64 __mask_saved, 72 __mask (filled by __sigsetjmp_save in signal.c)
 * Only callee-saved registers need saving: the caller of setjmp expects
 * every other register to be clobbered by a call anyway.
 */
	.text

	.globl setjmp, _setjmp, sigsetjmp
	.type setjmp, @function
	.type _setjmp, @function
	.type sigsetjmp, @function
setjmp:
_setjmp:
	xor %esi, %esi			/* glibc's setjmp keeps no mask */
sigsetjmp:
	mov %rbx, 0(%rdi)
	mov %rbp, 8(%rdi)
	mov %r12, 16(%rdi)
	mov %r13, 24(%rdi)
	mov %r14, 32(%rdi)
	mov %r15, 40(%rdi)
	lea 8(%rsp), %rdx
	mov %rdx, 48(%rdi)
	mov (%rsp), %rdx
	mov %rdx, 56(%rdi)
	/* Tail call: __sigsetjmp_save(env, savemask) returns 0 straight to
	 * our caller. */
	jmp __sigsetjmp_save
	.size setjmp, . - setjmp

/* __longjmp(env, val): back into the setjmp call, which returns val (or
 * 1 if val is 0). */
	.globl __longjmp
	.type __longjmp, @function
__longjmp:
	mov %esi, %eax
	test %eax, %eax
	jnz 1f
	inc %eax
1:	mov 0(%rdi), %rbx
	mov 8(%rdi), %rbp
	mov 16(%rdi), %r12
	mov 24(%rdi), %r13
	mov 32(%rdi), %r14
	mov 40(%rdi), %r15
	mov 48(%rdi), %rsp
	jmp *56(%rdi)
	.size __longjmp, . - __longjmp

/*
 * The signal restorer: a handler returns here (the kernel pushed this
 * address as its return address because sigaction set SA_RESTORER), and
 * rt_sigreturn restores the interrupted context from the signal frame.
 */
	.globl __restore_rt
	.type __restore_rt, @function
__restore_rt:
	mov $15, %eax			/* SYS_rt_sigreturn */
	syscall
	hlt
	.size __restore_rt, . - __restore_rt

	.section .note.GNU-stack, "", @progbits
