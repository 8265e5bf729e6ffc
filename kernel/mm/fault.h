/*
 * The portable half of page-fault handling (Linux's mm/memory.c): given
 * a faulting address and the kind of access, decide what to map.  The
 * hardware half (decoding the x86 error code) is arch/x86_64/fault.c.
 */
#ifndef TIDE_MM_FAULT_H
#define TIDE_MM_FAULT_H

#include "mm/mm.h"

enum fault_access {
	FAULT_READ = 1,
	FAULT_WRITE = 2,
	FAULT_EXEC = 4,
};

enum fault_result {
	FAULT_OK = 0,	  /* mapped: retry the access */
	FAULT_MAPERR = 1, /* no vma there: SIGSEGV, SEGV_MAPERR */
	FAULT_ACCERR = 2, /* vma forbids it: SIGSEGV, SEGV_ACCERR */
	FAULT_SIGBUS = 3, /* beyond the end of a file mapping */
	FAULT_OOM = 4,	  /* no frame: the OOM path */
};

enum fault_result vm_fault(struct mm *mm, vaddr_t addr, unsigned access);

/* True if every byte of [addr, addr+len) lies in vmas allowing access:
 * what copy_to_user/copy_from_user check before touching user memory. */
bool mm_access_ok(struct mm *mm, vaddr_t addr, size_t len, unsigned access);

#endif
