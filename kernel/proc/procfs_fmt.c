/*
 * /proc/<pid>/{maps,status,statm,cmdline,pagemap} and /proc/meminfo in
 * Linux's formats (fs/proc/task_mmu.c and meminfo.c describe them).
 *
 * maps:  "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu " then, for a named
 *        region, spaces up to column 72 and one more, then the name:
 * 00400000-00401000 r--p 00000000 00:16 5                          /bin/exp
 * 7ffff7ff8000-7ffff7fff000 rw-p 00000000 00:00 0
 */
#include "arch/x86_64/memlayout.h"
#include "fs/vfs.h"
#include "mm/frame.h"
#include "mm/object.h"
#include "mm/pt.h"
#include "proc/proc.h"
#include "proc/procfs_fmt.h"
#include "lib/format.h"
#include "lib/string.h"

#define MAPS_NAME_COLUMN 72

/* Linux names shared anonymous memory after its backing shmem file. */
#define SHMEM_NAME "/dev/zero (deleted)"

static const char *vma_name(struct mm *mm, struct vma *v, char *buf, size_t len)
{
	if (v->obj && v->obj->inode)
		return vfs_path(v->obj->inode, buf, len) >= 0 ? buf : NULL;
	if (v->obj)
		return SHMEM_NAME;
	if (v->start <= mm->brk && v->end >= mm->start_brk)
		return "[heap]";
	if (v->start <= mm->start_stack && v->end >= mm->start_stack)
		return "[stack]";
	return NULL;
}

static void maps_line(struct mm *mm, struct vma *v, struct gen_out *o)
{
	static char path[PATH_MAX + 16];
	char line[128];
	uint32_t major = 0, minor = 0;
	uint64_t ino = 0, off = 0;
	if (v->obj) {
		off = v->pgoff << PAGE_SHIFT;
		if (v->obj->inode) {
			inode_dev(v->obj->inode, &major, &minor);
			ino = v->obj->inode->ino;
		} else {
			minor = 1; /* shmem's device */
			ino = (uintptr_t)v->obj >> 4 & 0xffffff;
		}
	}
	int n = fmt_snprintf(
	    line, sizeof(line), "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ",
	    v->start, v->end, v->flags & VM_READ ? 'r' : '-',
	    v->flags & VM_WRITE ? 'w' : '-', v->flags & VM_EXEC ? 'x' : '-',
	    v->flags & VM_MAYSHARE ? 's' : 'p', off, major, minor, ino);
	const char *name = vma_name(mm, v, path, sizeof(path));
	if (!name) {
		gen_printf(o, "%s\n", line);
		return;
	}
	int pad = MAPS_NAME_COLUMN - n;
	gen_printf(o, "%s%*s %s\n", line, pad > 0 ? pad : 0, "", name);
}

void gen_maps(struct proc *p, struct gen_out *o)
{
	struct vma *v;
	vma_for_each (v, &p->mm->vmas)
		maps_line(p->mm, v, o);
}

struct mem_stats {
	uint64_t size, data, stack, exec, rss_file, locked;
};

struct rss_ctx {
	struct vma *v;
	uint64_t file;
};

/* A present page is a "file" page if it is the page cache's own frame. */
static int count_file_page(pte_t *pte, vaddr_t va, void *ctx)
{
	struct rss_ctx *c = ctx;
	uint64_t pgoff = c->v->pgoff + ((va - c->v->start) >> PAGE_SHIFT);
	if (vm_object_find_page(c->v->obj, pgoff) == pte_addr(*pte))
		c->file++;
	return 0;
}

static void mem_stats(struct mm *mm, struct mem_stats *s)
{
	memset(s, 0, sizeof(*s));
	struct vma *v;
	vma_for_each (v, &mm->vmas) {
		uint64_t len = v->end - v->start;
		s->size += len;
		if (v->flags & VM_LOCKED)
			s->locked += len;
		if (v->flags & VM_GROWSDOWN)
			s->stack += len;
		else if ((v->flags & (VM_WRITE | VM_SHARED)) == VM_WRITE)
			s->data += len;
		else if ((v->flags & (VM_EXEC | VM_WRITE)) == VM_EXEC)
			s->exec += len;
		if (v->obj) {
			struct rss_ctx c = {v, 0};
			pt_walk(mm->root, v->start, v->end, count_file_page,
				&c);
			s->rss_file += c.file;
		}
	}
}

static const char *state_name(const struct proc *p)
{
	switch (p->state) {
	case PROC_RUNNING:
	case PROC_RUNNABLE:
		return "R (running)";
	case PROC_SLEEPING:
		return "S (sleeping)";
	default:
		return "Z (zombie)";
	}
}

#define KB(bytes) ((bytes) >> 10)

void gen_status(struct proc *p, struct gen_out *o)
{
	struct mem_stats s;
	mem_stats(p->mm, &s);
	uint64_t rss = p->mm->rss;
	gen_printf(o, "Name:\t%s\nUmask:\t%04o\nState:\t%s\n", p->name,
		   p->fs.umask, state_name(p));
	gen_printf(o, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\n", p->tgid,
		   p->pid, p->parent ? p->parent->tgid : 0);
	gen_printf(o, "TracerPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n");
	gen_printf(o, "VmPeak:\t%8lu kB\nVmSize:\t%8lu kB\n", KB(s.size),
		   KB(s.size));
	gen_printf(o, "VmLck:\t%8lu kB\nVmPin:\t%8lu kB\n", KB(s.locked), 0UL);
	gen_printf(o, "VmHWM:\t%8lu kB\nVmRSS:\t%8lu kB\n", rss * 4, rss * 4);
	gen_printf(o, "RssAnon:\t%8lu kB\nRssFile:\t%8lu kB\n",
		   (rss - s.rss_file) * 4, s.rss_file * 4);
	gen_printf(o, "RssShmem:\t%8lu kB\n", 0UL);
	gen_printf(o, "VmData:\t%8lu kB\nVmStk:\t%8lu kB\nVmExe:\t%8lu kB\n",
		   KB(s.data), KB(s.stack), KB(s.exec));
	gen_printf(o, "VmLib:\t%8lu kB\nVmPTE:\t%8lu kB\nVmSwap:\t%8lu kB\n",
		   0UL, pt_count_tables(p->mm->root) * 4, 0UL);
	gen_printf(o, "Threads:\t%d\n", proc_live_threads(p->tgid, NULL));
}

void gen_statm(struct proc *p, struct gen_out *o)
{
	struct mem_stats s;
	mem_stats(p->mm, &s);
	gen_printf(o, "%lu %lu %lu %lu 0 %lu 0\n", s.size >> PAGE_SHIFT,
		   p->mm->rss, s.rss_file, s.exec >> PAGE_SHIFT,
		   (s.data + s.stack) >> PAGE_SHIFT);
}

void gen_cmdline(struct proc *p, struct gen_out *o)
{
	gen_printf(o, "%s", p->name);
	char nul = 0;
	gen_printf(o, "%c", nul);
}

void gen_meminfo(struct gen_out *o)
{
	uint64_t total = frame_total_count() * 4, free = frame_free_count() * 4;
	gen_printf(o, "%-16s%8lu kB\n", "MemTotal:", total);
	gen_printf(o, "%-16s%8lu kB\n", "MemFree:", free);
	gen_printf(o, "%-16s%8lu kB\n", "MemAvailable:", free);
	gen_printf(o, "%-16s%8lu kB\n", "Buffers:", 0UL);
	gen_printf(o, "%-16s%8lu kB\n", "Cached:", 0UL);
	gen_printf(o, "%-16s%8lu kB\n", "SwapTotal:", 0UL);
	gen_printf(o, "%-16s%8lu kB\n", "SwapFree:", 0UL);
}

#define PM_PRESENT   (1ULL << 63)
#define PM_FILE	     (1ULL << 61)
#define PM_EXCLUSIVE (1ULL << 56)

size_t gen_pagemap(struct proc *p, uint64_t vpn, uint64_t *out, size_t n)
{
	struct mm *mm = p->mm;
	uint64_t end = USER_END >> PAGE_SHIFT; /* the file ends there */
	n = vpn >= end ? 0 : MIN(n, end - vpn);
	for (size_t i = 0; i < n; i++) {
		vaddr_t va = (vpn + i) << PAGE_SHIFT;
		out[i] = 0;
		if (va >= (1UL << 47))
			continue;
		pte_t *pte = pt_lookup(mm->root, va);
		if (!pte || !(*pte & PTE_P))
			continue;
		paddr_t pa = pte_addr(*pte);
		out[i] = PM_PRESENT | pa_to_pfn(pa);
		if (pa == zero_page)
			continue;
		struct vma *v = vma_lookup(&mm->vmas, va);
		if (v && v->obj &&
		    vm_object_find_page(v->obj, v->pgoff + ((va - v->start) >>
							    PAGE_SHIFT)) == pa)
			out[i] |= PM_FILE;
		if (pa_to_frame(pa)->count == 1)
			out[i] |= PM_EXCLUSIVE;
	}
	return n;
}
