/*
 * Placeholders for the process layer that does not exist yet: no user
 * code runs, so every page fault is the kernel's own.
 */
#include "arch/x86_64/trap.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "mm/vma.h"

int arch_page_fault(struct trap_frame *f, uint64_t addr, uint64_t error)
{
	(void)f, (void)addr, (void)error;
	return -EFAULT;
}

void user_exception(struct trap_frame *f)
{
	panic("user_exception: vector %lu with no user space", f->vector);
}

void irq_timer(struct trap_frame *f)
{
	(void)f;
}

void irq_console(void)
{
}

void vm_object_get(struct vm_object *obj)
{
	(void)obj;
}

void vm_object_put(struct vm_object *obj)
{
	(void)obj;
}

void syscall_dispatch(struct trap_frame *f)
{
	f->rax = (uint64_t)-ENOSYS;
}
