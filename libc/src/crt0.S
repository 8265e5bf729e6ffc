/*
 * _start: where the kernel enters every program.  At entry (System V
 * x86-64 ABI) rsp points at argc, followed by argv[], NULL, envp[], NULL
 * and the auxiliary vector; rdx holds a function for atexit, or 0.  The
 * C part is __libc_start in start.c.
 */
	.text
	.globl _start
	.type _start, @function
_start:
	xor %ebp, %ebp		/* the outermost frame: backtraces stop here */
	mov %rsp, %rdi		/* arg 1: the initial stack pointer */
	mov %rdx, %rsi		/* arg 2: the atexit function or 0 */
	and $-16, %rsp		/* the ABI wants 16-byte alignment at a call */
	call __libc_start
	hlt			/* __libc_start never returns */
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
