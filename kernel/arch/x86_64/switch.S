/*
 * void context_switch(struct context **save, struct context *next):
 * saves the callee-saved registers on the current kernel stack, stores
 * that stack pointer in *save, and resumes next, which was saved the same
 * way (or built by proc_new_kstack to "return" into fork_return).
 */
	.text
	.global context_switch
context_switch:
	push %rbp
	push %rbx
	push %r12
	push %r13
	push %r14
	push %r15
	mov %rsp, (%rdi)
	mov %rsi, %rsp
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbx
	pop %rbp
	ret

/* A new process's first kernel-mode code: leave through the trap frame
 * that sits right above (the child's copy of fork's, or exec's). */
	.global fork_return
fork_return:
	jmp trap_return

	.section .note.GNU-stack,"",@progbits
