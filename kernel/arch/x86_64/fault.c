/*
 * The x86 half of page faults and user exceptions: decode the error code
 * into an access kind for vm_fault(), and turn an exception that user code
 * caused into the signal Linux would send, with Linux's console line for
 * segmentation faults:
 *
 *   exp[7]: segfault at 0 ip 0000000000401136 sp 00007ffffffde9d0 error 6
 */
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/x86.h"
#include "arch/x86_64/pte.h"
#include "arch/x86_64/trap.h"
#include "mm/fault.h"
#include "proc/proc.h"
#include "syscall/uapi.h"
#include "lib/errno.h"
#include "lib/printk.h"
#include "proc/signal.h"

/* What the last unresolved user page fault was (read by user_exception,
 * which runs right after, before anything else can fault). */
static enum fault_result last_fault;
static uint64_t last_fault_addr;

int arch_page_fault(struct trap_frame *f, uint64_t addr, uint64_t error)
{
	last_fault = FAULT_MAPERR;
	last_fault_addr = addr;
	if (addr >= USER_END || !current || !current->mm)
		return -EFAULT; /* kernel addresses are never demand-paged */
	if (!(error & PF_USER) && (error & PF_PRESENT) && cpu_has_smap &&
	    !(f->rflags & RFLAGS_AC))
		return -EFAULT; /* the kernel touched user memory outside a copy */
	unsigned access = error & PF_INSTR   ? FAULT_EXEC
			  : error & PF_WRITE ? FAULT_WRITE
					     : FAULT_READ;
	last_fault = vm_fault(current->mm, addr, access);
	if (last_fault == FAULT_OOM) {
		printk("Out of memory: Killed process %d (%s)\n", current->pid,
		       current->name);
		signal_send(current, SIGKILL);
	}
	return last_fault == FAULT_OK ? 0 : -EFAULT;
}

/* Linux's si_code values for the signals a fault raises. */
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2
#define BUS_ADRERR  2
#define ILL_ILLOPN  2
#define FPE_INTDIV  1
#define TRAP_BRKPT  1
#define SI_KERNEL   0x80

/* The signal for an exception, with its si_code and si_addr. */
static int signal_for(const struct trap_frame *f, int *code, vaddr_t *addr)
{
	*addr = f->rip;
	switch (f->vector) {
	case 0: /* #DE */
		*code = FPE_INTDIV;
		return SIGFPE;
	case 16: /* #MF */
	case 19: /* #XM */
		*code = 0;
		return SIGFPE;
	case 1:
	case 3:
		*code = TRAP_BRKPT;
		return SIGTRAP;
	case 6: /* #UD */
		*code = ILL_ILLOPN;
		return SIGILL;
	case 14:
		*addr = last_fault_addr;
		if (last_fault == FAULT_SIGBUS) {
			*code = BUS_ADRERR;
			return SIGBUS;
		}
		*code = last_fault == FAULT_ACCERR ? SEGV_ACCERR : SEGV_MAPERR;
		return last_fault == FAULT_OOM ? SIGKILL : SIGSEGV;
	case 17: /* #AC */
		*code = BUS_ADRERR;
		return SIGBUS;
	default: /* #GP, #SS, #NP, ... */
		*code = SI_KERNEL;
		*addr = 0;
		return SIGSEGV;
	}
}

void user_exception(struct trap_frame *f)
{
	int code;
	vaddr_t addr;
	int sig = signal_for(f, &code, &addr);
	if (sig == SIGKILL)
		return; /* the OOM kill is pending; it happens on the way out */
	if (f->vector == 14 && sig == SIGSEGV)
		printk(
		    "%s[%d]: segfault at %lx ip %016lx sp %016lx error %lx\n",
		    current->name, current->pid, last_fault_addr, f->rip,
		    f->rsp, f->error);
	else
		printk("%s[%d]: %s ip %016lx sp %016lx\n", current->name,
		       current->pid, trap_name(f->vector), f->rip, f->rsp);
	signal_fault(f, sig, code, addr);
}
