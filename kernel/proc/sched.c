/*
 * The scheduler: round robin over the process table.  scheduler() runs
 * on the boot stack and switches to each runnable process in turn; a
 * process gives the CPU back through sched() (because it sleeps, exits,
 * or its time slice ended at a timer tick in user mode).  With nothing
 * runnable it halts until the next interrupt.
 *
 * One CPU and interrupts off in the kernel: sleep_on() and wakeup() need
 * no locks, and a wakeup can't slip in between the test and the sleep.
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/ktry.h"
#include "arch/x86_64/process.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/timer.h"
#include "proc/proc.h"
#include "lib/panic.h"

extern struct proc proc_table[NPROC];

struct proc *current;
static struct context *scheduler_context;

static struct proc *pick_next(void)
{
	static int last;
	for (int i = 1; i <= NPROC; i++) {
		struct proc *p = &proc_table[(last + i) % NPROC];
		if (p->state == PROC_RUNNABLE) {
			last = (last + i) % NPROC;
			return p;
		}
	}
	return NULL;
}

void scheduler(void)
{
	for (;;) {
		struct proc *p = pick_next();
		if (!p) {
			arch_idle(); /* sti; hlt: an interrupt may wake someone */
			arch_irq_save();
			continue;
		}
		p->state = PROC_RUNNING;
		current = p;
		arch_switch_to(p);
		ktry_current = p->ktry;
		fpu_restore(p->fpu);
		context_switch(&scheduler_context, p->context);
		current = NULL;
		if (p->state == PROC_ZOMBIE && p->detached)
			proc_free(p); /* an ended thread: off its stack now */
	}
}

/* Back to the scheduler; current->state says why. */
static void sched(void)
{
	BUG_ON(current->state == PROC_RUNNING);
	current->ktry = ktry_current;
	fpu_save(current->fpu);
	context_switch(&current->context, scheduler_context);
}

void sched_yield(void)
{
	current->state = PROC_RUNNABLE;
	sched();
}

void sched_make_runnable(struct proc *p)
{
	p->state = PROC_RUNNABLE;
}

void sleep_on(const void *chan)
{
	sleep_on_until(chan, 0);
}

void sleep_on_until(const void *chan, uint64_t deadline)
{
	current->wait_chan = chan;
	current->sleep_deadline = deadline;
	current->state = PROC_SLEEPING;
	sched();
	current->wait_chan = NULL;
	current->sleep_deadline = 0;
}

void wakeup(const void *chan)
{
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = &proc_table[i];
		if (p->state == PROC_SLEEPING && p->wait_chan == chan)
			p->state = PROC_RUNNABLE;
	}
}

/* The timer's share of wakeups: sleepers whose deadline has come. */
static void wake_deadlines(uint64_t now)
{
	for (int i = 0; i < NPROC; i++) {
		struct proc *p = &proc_table[i];
		if (p->state == PROC_SLEEPING && p->sleep_deadline &&
		    p->sleep_deadline <= now)
			p->state = PROC_RUNNABLE;
	}
}

void proc_exit_switch(void)
{
	sched();
	panic("proc_exit_switch: a zombie was scheduled");
}

void irq_timer(struct trap_frame *f)
{
	if (current && (f->cs & 3) == 3)
		current->utime++;
	else if (current)
		current->stime++;
	wakeup((const void *)&timer_ticks); /* sleepers check deadlines */
	signal_tick(timer_ticks);
	wake_deadlines(timer_ticks);
	/* Preempt only user code: the kernel is not preemptible. */
	if (current && (f->cs & 3) == 3)
		sched_yield();
}
