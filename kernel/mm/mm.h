/*
 * struct mm: one process's address space (Linux's mm_struct): the page
 * tables, the vma set, the program break and the stack, and the resident
 * page count.  The functions here create, copy (fork) and destroy whole
 * address spaces and change ranges of them; the fault path is in fault.c,
 * and the system calls that validate user arguments call into these.
 *
 *   USER_STACK_TOP  +-----------+
 *                   | [stack]   |  VM_GROWSDOWN, grows to RLIMIT_STACK
 *                   |  ...      |
 *   mmap_base       +-----------+  USER_STACK_TOP - 128 MiB (Linux's gap)
 *                   | mmap      |  placed top-down
 *                   |  ...      |
 *   brk             +-----------+
 *                   | [heap]    |
 *   start_brk       +-----------+  end of bss, page aligned
 *                   | program   |
 *   0x400000        +-----------+
 */
#ifndef TIDE_MM_MM_H
#define TIDE_MM_MM_H

#include "arch/x86_64/pte.h"
#include "mm/vma.h"
#include "lib/types.h"

#define STACK_GAP     (128UL << 20) /* Linux's minimum mmap_base gap */
#define STACK_MAX     (8UL << 20)   /* RLIMIT_STACK default */
#define STACK_INITIAL (128UL << 10)
#define MAX_MAP_COUNT 65530 /* /proc/sys/vm/max_map_count */

struct mm {
	paddr_t root; /* PML4 */
	struct vma_set vmas;
	vaddr_t start_brk;   /* [heap] starts here... */
	vaddr_t brk;	     /* ...and the break is here (not page aligned) */
	vaddr_t start_stack; /* the initial stack pointer's page: [stack] */
	vaddr_t mmap_base;   /* top-down placement starts below this */
	vaddr_t start_code, end_code, start_data, end_data; /* for statm */
	uint64_t rss;	      /* present user pages, the zero page excepted */
	uint64_t stack_limit; /* RLIMIT_STACK: how far [stack] may grow */
	bool lock_future;     /* mlockall(MCL_FUTURE) */
	uint64_t rss_file;    /* of which are page-cache or shared pages */
	uint32_t users;	      /* processes (threads) sharing this mm */
};

/* The frame every never-written anonymous page reads from. */
extern paddr_t zero_page;
void mm_init(void);

/* A new, empty address space; NULL if out of memory. */
struct mm *mm_create(void);
/* Frees every vma, page, page table and the mm itself. */
void mm_destroy(struct mm *mm);
/* fork: a copy of mm sharing private pages copy-on-write and shared
 * pages outright.  NULL if out of memory (nothing leaked). */
struct mm *mm_fork(struct mm *mm);

/* Maps [start, start+len) as a new vma (removing whatever was there) with
 * VM_* flags and backing obj at pgoff (obj may be NULL).  Returns 0 or
 * -ENOMEM.  Callers have validated alignment and limits. */
int mm_map(struct mm *mm, vaddr_t start, size_t len, unsigned long flags,
	   struct vm_object *obj, uint64_t pgoff);
/* Removes every mapping in [start, end): 0 or -ENOMEM (a split failed). */
int mm_unmap(struct mm *mm, vaddr_t start, vaddr_t end);
/* Drops the pages in [start, end) of one vma (MADV_DONTNEED). */
void mm_zap(struct mm *mm, struct vma *v, vaddr_t start, vaddr_t end);
/* Gives [start, end), a range inside v, the VM_* flags newflags,
 * splitting v as needed, updating PTEs and merging with neighbours that
 * become alike (so v may be freed).  0 or -ENOMEM. */
int mm_protect_vma(struct mm *mm, struct vma *v, vaddr_t start, vaddr_t end,
		   unsigned long newflags);

/* The PTE bits a present page of v gets (before copy-on-write). */
pte_t vma_pte_flags(const struct vma *v);

/* How mm_populate faults pages in. */
enum populate_mode {
	POPULATE_AS_WRITTEN, /* private writable pages copied, as Linux's
				MAP_POPULATE and mlock do */
	POPULATE_READ,	     /* read faults only: nothing is copied */
	POPULATE_WRITE,	     /* write faults: every page made writable */
};

/* Makes [start, end) of the current mm resident (MAP_POPULATE, mlock,
 * madvise POPULATE_*); stops quietly at the first page it can't fault. */
void mm_populate(struct mm *mm, vaddr_t start, vaddr_t end,
		 enum populate_mode mode);

/* Consistency checks for tests: vmas, RSS against the page tables. */
void mm_check(struct mm *mm);
/* The frame audit (mm/audit.c) over every address space in mms: frames
 * whose reference count or mapcount disagrees with the mappings and the
 * page cache that hold them (the first few are printed). */
uint64_t mm_audit_frames(struct mm **mms, int n);

#endif
