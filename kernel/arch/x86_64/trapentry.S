/*
 * Entry and exit for exceptions, IRQs and the syscall instruction.  Every
 * path builds the same struct trap_frame (arch/x86_64/cpu.h) on the
 * kernel stack and calls C: trap_dispatch() or syscall_dispatch().
 *
 * syscall (Intel SDM Vol. 2B) leaves the user rsp alone and puts the
 * return rip in rcx and rflags in r11; FMASK has cleared IF.  tide runs on
 * one CPU, so the entry can park the user rsp in a global before switching
 * to the current task's kernel stack (syscall_kernel_rsp).
 */
#include "arch/x86_64/gdt.h"

#define TRAP_SYSCALL 0x100

.macro PUSH_GPRS
	push %rax
	push %rbx
	push %rcx
	push %rdx
	push %rsi
	push %rdi
	push %rbp
	push %r8
	push %r9
	push %r10
	push %r11
	push %r12
	push %r13
	push %r14
	push %r15
.endm

.macro POP_GPRS
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %r11
	pop %r10
	pop %r9
	pop %r8
	pop %rbp
	pop %rdi
	pop %rsi
	pop %rdx
	pop %rcx
	pop %rbx
	pop %rax
.endm

.macro VECTOR n, has_error
	.align 16
vector_\n:
	.if \has_error == 0
	push $0
	.endif
	push $\n
	jmp trap_common
.endm

	.text
trap_common:
	PUSH_GPRS
	cld
	mov %rsp, %rdi
	xor %ebp, %ebp              /* backtraces stop here */
	call trap_dispatch
	.global trap_return
trap_return:
	cmpq $TRAP_SYSCALL, 15*8(%rsp)
	je sysret_path
	POP_GPRS
	add $16, %rsp               /* vector, error */
	iretq

sysret_path:
	POP_GPRS                    /* rcx and r11 are overwritten below */
	mov 16(%rsp), %rcx          /* rip */
	mov 32(%rsp), %r11          /* rflags */
	mov 40(%rsp), %rsp          /* user rsp */
	sysretq

	.global syscall_entry
syscall_entry:
	mov %rsp, syscall_user_rsp(%rip)
	mov syscall_kernel_rsp(%rip), %rsp
	push $USER_DS
	push syscall_user_rsp(%rip)
	push %r11
	push $USER_CS
	push %rcx
	push $0
	push $TRAP_SYSCALL
	PUSH_GPRS
	cld
	mov %rsp, %rdi
	xor %ebp, %ebp
	call syscall_dispatch
	jmp trap_return

/* Exceptions 0-31 (those marked 1 push an error code), IRQs 32-47. */
VECTOR 0, 0
VECTOR 1, 0
VECTOR 2, 0
VECTOR 3, 0
VECTOR 4, 0
VECTOR 5, 0
VECTOR 6, 0
VECTOR 7, 0
VECTOR 8, 1
VECTOR 9, 0
VECTOR 10, 1
VECTOR 11, 1
VECTOR 12, 1
VECTOR 13, 1
VECTOR 14, 1
VECTOR 15, 0
VECTOR 16, 0
VECTOR 17, 1
VECTOR 18, 0
VECTOR 19, 0
VECTOR 20, 0
VECTOR 21, 1
VECTOR 22, 0
VECTOR 23, 0
VECTOR 24, 0
VECTOR 25, 0
VECTOR 26, 0
VECTOR 27, 0
VECTOR 28, 0
VECTOR 29, 1
VECTOR 30, 1
VECTOR 31, 0
.irp n, 32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
VECTOR \n, 0
.endr

	.section .rodata
	.align 8
	.global trap_vectors
trap_vectors:
.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47
	.quad vector_\n
.endr

	.bss
	.align 8
	.global syscall_user_rsp, syscall_kernel_rsp
syscall_user_rsp:
	.quad 0
syscall_kernel_rsp:
	.quad 0

/*
 * int ktry_begin(struct ktry *t): like setjmp.  Returns 0 now; if a fault
 * is later recovered through ktry_fail(t, err), returns err instead, with
 * the callee-saved registers, rsp and rflags as they were here.
 */
	.text
	.global ktry_begin
ktry_begin:
	mov %rbx, 0(%rdi)
	mov %rbp, 8(%rdi)
	mov %r12, 16(%rdi)
	mov %r13, 24(%rdi)
	mov %r14, 32(%rdi)
	mov %r15, 40(%rdi)
	lea 8(%rsp), %rax
	mov %rax, 48(%rdi)          /* rsp after our return */
	mov (%rsp), %rax
	mov %rax, 56(%rdi)          /* return address */
	pushfq
	pop 64(%rdi)
	xor %eax, %eax
	ret

	.global ktry_fail
ktry_fail:
	mov %esi, %eax
	mov 0(%rdi), %rbx
	mov 8(%rdi), %rbp
	mov 16(%rdi), %r12
	mov 24(%rdi), %r13
	mov 32(%rdi), %r14
	mov 40(%rdi), %r15
	mov 48(%rdi), %rsp
	push 64(%rdi)
	popfq
	jmp *56(%rdi)
	.section .note.GNU-stack,"",@progbits
