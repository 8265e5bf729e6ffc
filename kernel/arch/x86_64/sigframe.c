/*
 * The signal frame, laid out exactly as Linux's x86-64 rt_sigframe, so
 * that C libraries (ours, musl, glibc) and debuggers find what they
 * expect: a handler with SA_SIGINFO gets (sig, &frame->info, &frame->uc),
 * and returns through sa_restorer into rt_sigreturn.
 *
 *   user rsp before the signal
 *   | 128-byte red zone (left alone)      |
 *   | fxsave image (512 bytes, aligned)   |  uc.uc_mcontext.fpstate
 *   | siginfo (128 bytes)                 |
 *   | ucontext: flags, link, stack,       |
 *   |   sigcontext (registers), sigmask   |
 *   | return address = sa_restorer        |  <- rsp in the handler
 */
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/process.h"
#include "arch/x86_64/sigframe.h"
#include "arch/x86_64/x86.h"
#include "mm/uaccess.h"
#include "proc/proc.h"
#include "proc/signal.h"
#include "syscall/uapi.h"
#include "lib/errno.h"
#include "lib/string.h"

struct sigcontext {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2, fpstate, reserved[8];
};

struct ucontext {
	uint64_t flags, link;
	uint64_t ss_sp;
	int32_t ss_flags, pad;
	uint64_t ss_size;
	struct sigcontext mc;
	uint64_t sigmask;
};

struct siginfo {
	int32_t signo, errno_, code, pad;
	uint64_t addr; /* or pid, uid for kill */
	uint8_t rest[128 - 24];
};

struct rt_sigframe {
	uint64_t pretcode;
	struct ucontext uc;
	struct siginfo info;
};

_Static_assert(sizeof(struct sigcontext) == 256, "sigcontext");
_Static_assert(sizeof(struct ucontext) == 304, "ucontext");
_Static_assert(sizeof(struct siginfo) == 128, "siginfo");

#define RED_ZONE 128
/* What sigreturn may change: CF PF AF ZF SF TF DF OF RF AC (Linux's
 * FIX_EFLAGS); IF and IOPL stay the kernel's. */
#define FLAGS_USER_CHANGEABLE 0x50dd5UL

static void save_regs(struct sigcontext *mc, const struct trap_frame *tf)
{
	mc->r8 = tf->r8, mc->r9 = tf->r9, mc->r10 = tf->r10, mc->r11 = tf->r11;
	mc->r12 = tf->r12, mc->r13 = tf->r13, mc->r14 = tf->r14;
	mc->r15 = tf->r15, mc->rdi = tf->rdi, mc->rsi = tf->rsi;
	mc->rbp = tf->rbp, mc->rbx = tf->rbx, mc->rdx = tf->rdx;
	mc->rax = tf->rax, mc->rcx = tf->rcx, mc->rsp = tf->rsp;
	mc->rip = tf->rip, mc->eflags = tf->rflags;
	mc->cs = USER_CS, mc->ss = USER_DS;
	mc->err = tf->vector < 32 ? tf->error : 0;
	mc->trapno = tf->vector < 32 ? tf->vector : 0;
}

int arch_setup_sigframe(struct trap_frame *tf, int sig,
			const struct k_sigaction *ka,
			const struct ksiginfo *info, uint64_t oldmask)
{
	static uint8_t fx[512] __attribute__((aligned(16)));
	static struct rt_sigframe f;
	struct proc *p = current;
	vaddr_t sp = tf->rsp;
	bool on_alt = sp >= p->sig.altstack_sp &&
		      sp < p->sig.altstack_sp + p->sig.altstack_size;
	if ((ka->flags & SA_ONSTACK) && p->sig.altstack_size && !on_alt)
		sp = p->sig.altstack_sp + p->sig.altstack_size;
	else
		sp -= RED_ZONE;
	vaddr_t fpstate = (sp - sizeof(fx)) & ~63UL;
	vaddr_t frame = ((fpstate - sizeof(f)) & ~15UL) - 8;

	memset(&f, 0, sizeof(f));
	f.pretcode = ka->restorer;
	f.uc.ss_sp = p->sig.altstack_sp;
	f.uc.ss_size = p->sig.altstack_size;
	f.uc.ss_flags = p->sig.altstack_size ? (on_alt ? 1 : 0) : 2;
	save_regs(&f.uc.mc, tf);
	f.uc.mc.oldmask = oldmask;
	f.uc.mc.cr2 = info->addr;
	f.uc.mc.fpstate = fpstate;
	f.uc.sigmask = oldmask;
	f.info.signo = sig;
	f.info.code = info->code;
	if (sig == SIGCHLD) { /* si_pid, si_uid, si_status */
		f.info.addr = (uint32_t)info->pid;
		*(int32_t *)f.info.rest = info->status;
	} else if (info->pid) { /* kill: si_pid, si_uid (0: root) */
		f.info.addr = (uint32_t)info->pid;
	} else {
		f.info.addr = info->addr;
	}
	fpu_save(fx);
	if (copy_to_user((void *)fpstate, fx, sizeof(fx)) < 0 ||
	    copy_to_user((void *)frame, &f, sizeof(f)) < 0)
		return -EFAULT;

	tf->rdi = (uint64_t)sig;
	tf->rsi = frame + offsetof(struct rt_sigframe, info);
	tf->rdx = frame + offsetof(struct rt_sigframe, uc);
	tf->rax = 0;
	tf->rsp = frame;
	tf->rip = ka->handler;
	tf->rflags &= ~((1UL << 8) | (1UL << 10)); /* TF, DF */
	tf->vector = 0; /* leave by iretq: every register matters */
	return 0;
}

int arch_sigreturn(struct trap_frame *tf, uint64_t *mask)
{
	static uint8_t fx[512] __attribute__((aligned(16)));
	static struct rt_sigframe f;
	vaddr_t frame = tf->rsp - 8;
	if (copy_from_user(&f, (void *)frame, sizeof(f)) < 0)
		return -EFAULT;
	const struct sigcontext *mc = &f.uc.mc;
	if (mc->rip >= USER_END)
		return -EFAULT; /* not a user address */
	tf->r8 = mc->r8, tf->r9 = mc->r9, tf->r10 = mc->r10, tf->r11 = mc->r11;
	tf->r12 = mc->r12, tf->r13 = mc->r13, tf->r14 = mc->r14;
	tf->r15 = mc->r15, tf->rdi = mc->rdi, tf->rsi = mc->rsi;
	tf->rbp = mc->rbp, tf->rbx = mc->rbx, tf->rdx = mc->rdx;
	tf->rax = mc->rax, tf->rcx = mc->rcx, tf->rsp = mc->rsp;
	tf->rip = mc->rip;
	tf->rflags = (tf->rflags & ~FLAGS_USER_CHANGEABLE) |
		     (mc->eflags & FLAGS_USER_CHANGEABLE);
	tf->cs = USER_CS;
	tf->ss = USER_DS;
	tf->vector = 0;
	if (mc->fpstate) {
		if (copy_from_user(fx, (void *)mc->fpstate, sizeof(fx)) < 0)
			return -EFAULT;
		((uint32_t *)fx)[6] &= 0xffbf; /* MXCSR: no reserved bits */
		fpu_restore(fx);
	}
	*mask = f.uc.sigmask;
	return 0;
}
