/*
 * The x86 half of page faults and user exceptions: decode the error code
 * into an access kind for vm_fault(), and turn an exception that user code
 * caused into the signal Linux would send, with Linux's console line for
 * segmentation faults:
 *
 *   exp[7]: segfault at 0 ip 0000000000401136 sp 00007ffffffde9d0 error 6
 */
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/pte.h"
#include "arch/x86_64/trap.h"
#include "mm/fault.h"
#include "proc/proc.h"
#include "syscall/uapi.h"
#include "lib/errno.h"
#include "lib/printk.h"

/* What the last unresolved user page fault was (read by user_exception,
 * which runs right after, before anything else can fault). */
static enum fault_result last_fault;
static uint64_t last_fault_addr;

int arch_page_fault(struct trap_frame *f, uint64_t addr, uint64_t error)
{
	(void)f;
	last_fault = FAULT_MAPERR;
	last_fault_addr = addr;
	if (addr >= USER_END || !current || !current->mm)
		return -EFAULT; /* kernel addresses are never demand-paged */
	unsigned access = error & PF_INSTR   ? FAULT_EXEC
			  : error & PF_WRITE ? FAULT_WRITE
					     : FAULT_READ;
	last_fault = vm_fault(current->mm, addr, access);
	if (last_fault == FAULT_OOM) {
		printk("Out of memory: Killed process %d (%s)\n", current->pid,
		       current->name);
		current->kill_signal = SIGKILL;
	}
	return last_fault == FAULT_OK ? 0 : -EFAULT;
}

static int signal_for(const struct trap_frame *f)
{
	switch (f->vector) {
	case 0:	 /* #DE */
	case 16: /* #MF */
	case 19: /* #XM */
		return SIGFPE;
	case 1:
	case 3:
		return SIGTRAP;
	case 6: /* #UD */
		return SIGILL;
	case 14:
		if (last_fault == FAULT_SIGBUS)
			return SIGBUS;
		if (last_fault == FAULT_OOM)
			return SIGKILL;
		return SIGSEGV;
	case 17: /* #AC */
		return SIGBUS;
	default: /* #GP, #SS, #NP, ... */
		return SIGSEGV;
	}
}

void user_exception(struct trap_frame *f)
{
	int sig = signal_for(f);
	if (f->vector == 14 && sig == SIGSEGV)
		printk(
		    "%s[%d]: segfault at %lx ip %016lx sp %016lx error %lx\n",
		    current->name, current->pid, last_fault_addr, f->rip,
		    f->rsp, f->error);
	else if (sig != SIGKILL)
		printk("%s[%d]: %s ip %016lx sp %016lx\n", current->name,
		       current->pid, trap_name(f->vector), f->rip, f->rsp);
	proc_kill_self(sig);
}
