/*
 * execve: replace the current program with a static ELF executable.
 *
 * Everything is built in a fresh mm while the old one is still running,
 * so a failure returns an error to the old program (as Linux does before
 * its point of no return): load the PT_LOAD segments as private file
 * mappings (bss as anonymous memory), copy argv and envp from the old
 * address space onto the new stack, add the auxiliary vector, then swap.
 *
 * The new stack, top down (System V ABI, Linux's layout in spirit):
 *
 *   USER_STACK_TOP  +-------------------------------+
 *                   | execfn, argv and envp strings |
 *                   | "x86_64", 16 random bytes      |
 *                   | (padding to 16)               |
 *                   | auxv pairs ... AT_NULL        |
 *                   | envp[] NULL                   |
 *                   | argv[] NULL                   |
 *   rsp ->          | argc                          |
 *                   +-------------------------------+
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/process.h"
#include "arch/x86_64/timer.h"
#include "arch/x86_64/x86.h"
#include "mm/fault.h"
#include "mm/frame.h"
#include "mm/object.h"
#include "mm/phys.h"
#include "mm/pt.h"
#include "mm/uaccess.h"
#include "proc/elf.h"
#include "proc/exec.h"
#include "proc/proc.h"
#include "proc/proc_fs.h"
#include "syscall/uapi.h"
#include "lib/errno.h"
#include "lib/string.h"

#define MAX_ARGS	1024	  /* argv + envp entries */
#define MAX_ARG_LEN	PAGE_SIZE /* one string, NUL included */
#define MAX_ARG_SPACE	(256UL << 10)
#define MAX_PHNUM	64
#define STATIC_PIE_BASE 0x555555554000UL /* Linux's ELF_ET_DYN_BASE */

/* Writes len bytes into mm at va, faulting pages in: 0 or -EFAULT. */
static int mm_write(struct mm *mm, vaddr_t va, const void *src, size_t len)
{
	const char *s = src;
	while (len) {
		size_t off = va & (PAGE_SIZE - 1);
		size_t n = MIN(len, PAGE_SIZE - off);
		if (vm_fault(mm, va, FAULT_WRITE) != FAULT_OK)
			return -EFAULT;
		pte_t *pte = pt_lookup(mm->root, PAGE_ALIGN_DOWN(va));
		memcpy((char *)phys_to_virt(pte_addr(*pte)) + off, s, n);
		va += n;
		s += n;
		len -= n;
	}
	return 0;
}

static unsigned long segment_flags(uint32_t p_flags)
{
	unsigned long f = VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	if (p_flags & PF_R)
		f |= VM_READ;
	if (p_flags & PF_W)
		f |= VM_WRITE;
	if (p_flags & PF_X)
		f |= VM_EXEC;
	return f;
}

static int load_segment(struct mm *mm, struct vm_object *obj,
			const struct elf64_phdr *ph, vaddr_t bias)
{
	vaddr_t va = ph->p_vaddr + bias;
	vaddr_t start = PAGE_ALIGN_DOWN(va);
	vaddr_t file_end = va + ph->p_filesz, mem_end = va + ph->p_memsz;
	unsigned long flags = segment_flags(ph->p_flags);
	/* Linux's bss: brk-style anonymous memory, accounted. */
	unsigned long bss_flags = VM_READ | VM_WRITE | VM_MAYREAD |
				  VM_MAYWRITE | VM_MAYEXEC | VM_ACCOUNT |
				  (flags & VM_EXEC);
	if (flags & VM_WRITE)
		flags |= VM_ACCOUNT;

	if ((va & (PAGE_SIZE - 1)) != (ph->p_offset & (PAGE_SIZE - 1)) ||
	    ph->p_memsz < ph->p_filesz || mem_end < va || mem_end > USER_END ||
	    start < USER_MIN_ADDR)
		return -ENOEXEC; /* misaligned or impossible segment */
	int err;
	if (ph->p_filesz) {
		err = mm_map(mm, start, PAGE_ALIGN_UP(file_end) - start, flags,
			     obj, PAGE_ALIGN_DOWN(ph->p_offset) >> PAGE_SHIFT);
		if (err)
			return err;
	}
	if (mem_end > file_end && (file_end & (PAGE_SIZE - 1))) {
		/* The bss starts inside the last file page: zero its tail
		 * (this writes the page, so it becomes a private copy). */
		static const char zeros[PAGE_SIZE];
		size_t n = PAGE_ALIGN_UP(file_end) - file_end;
		if (ph->p_filesz && (err = mm_write(mm, file_end, zeros, n)))
			return err;
	}
	vaddr_t anon = PAGE_ALIGN_UP(ph->p_filesz ? file_end : start);
	if (PAGE_ALIGN_UP(mem_end) > anon) {
		err = mm_map(mm, anon, PAGE_ALIGN_UP(mem_end) - anon, bss_flags,
			     NULL, 0);
		if (err)
			return err;
	}
	if (PAGE_ALIGN_UP(mem_end) > mm->start_brk)
		mm->start_brk = PAGE_ALIGN_UP(mem_end);
	if (ph->p_flags & PF_X) {
		mm->start_code = start;
		mm->end_code = file_end;
	} else if (!mm->start_data) {
		mm->start_data = va;
		mm->end_data = file_end;
	}
	return 0;
}

static int read_headers(struct vm_object *obj, struct elf64_ehdr *eh,
			struct elf64_phdr *ph)
{
	if (vm_object_read(obj, 0, eh, sizeof(*eh)) != sizeof(*eh) ||
	    eh->e_magic != ELF_MAGIC || eh->e_class != ELFCLASS64 ||
	    eh->e_data != ELFDATA2LSB || eh->e_machine != EM_X86_64 ||
	    (eh->e_type != ET_EXEC && eh->e_type != ET_DYN) ||
	    eh->e_phentsize != sizeof(*ph) || eh->e_phnum == 0 ||
	    eh->e_phnum > MAX_PHNUM)
		return -ENOEXEC; /* not an x86-64 ELF executable */
	size_t len = eh->e_phnum * sizeof(*ph);
	if (vm_object_read(obj, eh->e_phoff, ph, len) != (ssize_t)len)
		return -ENOEXEC;
	for (int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_INTERP)
			return -ENOEXEC; /* dynamically linked: no ld.so */
	return 0;
}

/*
 * Argument strings gathered from the old address space before it goes.
 * One static buffer is enough: the kernel runs one execve at a time (one
 * CPU, no preemption, and gathering never sleeps).
 */
struct args {
	char buf[MAX_ARG_SPACE];
	size_t used;
	int n;			/* strings so far: argv, then envp */
	uint32_t off[MAX_ARGS]; /* where each string starts in buf */
	bool from_kernel;	/* vectors in kernel memory (starting init) */
};

static struct args exec_args;

static long copy_str(struct args *a, const char *s, size_t room)
{
	if (!a->from_kernel)
		return strncpy_from_user(a->buf + a->used, s, room);
	size_t n = strnlen(s, room);
	if (n == room)
		return -ENAMETOOLONG;
	memcpy(a->buf + a->used, s, n + 1);
	return (long)n;
}

static int copy_ptr(struct args *a, const char *const *vec, int i,
		    const char **out)
{
	if (a->from_kernel) {
		*out = vec[i];
		return 0;
	}
	return copy_from_user(out, &vec[i], sizeof(*out));
}

/* Appends the strings of a NULL-terminated vector; returns the count. */
static int gather(struct args *a, const char *const *vec)
{
	int count = 0;
	for (int i = 0; vec; i++) {
		const char *str;
		if (copy_ptr(a, vec, i, &str) < 0)
			return -EFAULT;
		if (!str)
			break;
		if (a->n >= MAX_ARGS)
			return -E2BIG;
		size_t room = MIN(MAX_ARG_LEN, MAX_ARG_SPACE - a->used);
		long n = copy_str(a, str, room);
		if (n == -ENAMETOOLONG)
			return -E2BIG;
		if (n < 0)
			return (int)n;
		a->off[a->n++] = (uint32_t)a->used;
		a->used += (size_t)n + 1;
		count++;
	}
	return count;
}

/* Pushes len bytes below *sp in mm; returns the new address (0 = fault). */
static vaddr_t push(struct mm *mm, vaddr_t *sp, const void *src, size_t len)
{
	*sp -= len;
	return mm_write(mm, *sp, src, len) == 0 ? *sp : 0;
}

struct image {
	vaddr_t entry, phdr, sp;
	uint16_t phnum;
};

static uint64_t random_u64(void)
{
	static uint64_t state;
	state ^= rdtsc() + 0x9e3779b97f4a7c15ULL;
	state ^= state >> 30;
	state *= 0xbf58476d1ce4e5b9ULL;
	state ^= state >> 27;
	return state;
}

static int build_stack(struct mm *mm, struct args *a, int argc,
		       struct image *img)
{
	size_t need = PAGE_ALIGN_UP(a->used + (size_t)(a->n + 40) * 8 + 64);
	vaddr_t top = USER_STACK_TOP, sp = top;
	int err = mm_map(mm, top - STACK_INITIAL - need, STACK_INITIAL + need,
			 VM_READ | VM_WRITE | VM_GROWSDOWN | VM_MAYREAD |
			     VM_MAYWRITE | VM_MAYEXEC,
			 NULL, 0);
	if (err)
		return err;
	vaddr_t strings = push(mm, &sp, a->buf, a->used);
	vaddr_t platform = push(mm, &sp, "x86_64", 7);
	uint64_t rnd[2] = {random_u64(), random_u64()};
	vaddr_t random = push(mm, &sp, rnd, sizeof(rnd));
	if (!strings || !platform || !random)
		return -EFAULT;
	mm->start_stack = PAGE_ALIGN_DOWN(sp);

	uint32_t cpu[4];
	cpuid(1, 0, cpu);
	const uint64_t auxv[] = {
	    AT_PHDR,	 img->phdr,  AT_PHENT,	sizeof(struct elf64_phdr),
	    AT_PHNUM,	 img->phnum, AT_PAGESZ, PAGE_SIZE,
	    AT_BASE,	 0,	     AT_FLAGS,	0,
	    AT_ENTRY,	 img->entry, AT_UID,	0,
	    AT_EUID,	 0,	     AT_GID,	0,
	    AT_EGID,	 0,	     AT_SECURE, 0,
	    AT_HWCAP,	 cpu[3],     AT_CLKTCK, TIMER_HZ,
	    AT_PLATFORM, platform,   AT_RANDOM, random,
	    AT_EXECFN,	 strings,    AT_NULL,	0,
	};
	/* argc, argv[], NULL, envp[], NULL, auxv: rsp ends 16-aligned. */
	size_t words = 1 + (size_t)a->n + 2 + ARRAY_SIZE(auxv);
	sp = (sp - words * 8) & ~15UL;
	vaddr_t p = sp;
	uint64_t v = (uint64_t)argc;
	err = mm_write(mm, p, &v, 8);
	p += 8;
	for (int i = 0; i <= a->n && !err; i++) {
		if (i == argc) { /* the NULL ending argv */
			v = 0;
			err = mm_write(mm, p, &v, 8);
			p += 8;
		}
		if (i == a->n)
			break;
		v = strings + a->off[i];
		err = mm_write(mm, p, &v, 8);
		p += 8;
	}
	v = 0;
	if (!err)
		err = mm_write(mm, p, &v, 8);
	if (!err)
		err = mm_write(mm, p + 8, auxv, sizeof(auxv));
	mm->brk = mm->start_brk;
	img->sp = sp;
	return err;
}

static int load_image(struct mm *mm, struct vm_object *obj, struct image *img)
{
	static struct elf64_ehdr eh;
	static struct elf64_phdr ph[MAX_PHNUM];
	int err = read_headers(obj, &eh, ph);
	if (err)
		return err;
	vaddr_t bias = eh.e_type == ET_DYN ? STATIC_PIE_BASE : 0;
	img->phdr = 0;
	for (int i = 0; i < eh.e_phnum; i++) {
		if (ph[i].p_type == PT_PHDR)
			img->phdr = ph[i].p_vaddr + bias;
		if (ph[i].p_type != PT_LOAD)
			continue;
		if ((err = load_segment(mm, obj, &ph[i], bias)))
			return err;
		if (!img->phdr && ph[i].p_offset <= eh.e_phoff &&
		    eh.e_phoff < ph[i].p_offset + ph[i].p_filesz)
			img->phdr =
			    ph[i].p_vaddr + bias + eh.e_phoff - ph[i].p_offset;
	}
	if (!mm->start_brk)
		return -ENOEXEC; /* no PT_LOAD segment */
	img->entry = eh.e_entry + bias;
	img->phnum = eh.e_phnum;
	return 0;
}

static void kill_other_threads(struct proc *p)
{
	if (!proc_live_threads(p->tgid, p))
		return;
	for (struct proc *t = proc_next(NULL); t; t = proc_next(t))
		if (t != p && t->tgid == p->tgid && t->state != PROC_ZOMBIE)
			signal_send(t, SIGKILL);
	while (proc_live_threads(p->tgid, p))
		sched_yield();
}

static void set_name(struct proc *p, const char *path)
{
	const char *base = strrchr(path, '/');
	strlcpy(p->name, base ? base + 1 : path, sizeof(p->name));
}

int exec_program(const char *kpath, const char *const *argv,
		 const char *const *envp, bool from_kernel)
{
	struct args *a = &exec_args;
	a->used = 0;
	a->n = 0;
	a->from_kernel = from_kernel;
	/* The file first (a missing one is -ENOENT whatever argv holds),
	 * then AT_EXECFN's string, argv and envp, as Linux does. */
	struct vm_object *obj;
	static char exe[sizeof(current->exe)];
	int err = proc_open_exec(kpath, &obj, exe, sizeof(exe));
	if (err)
		return err;
	size_t plen = strlen(kpath) + 1;
	memcpy(a->buf, kpath, plen);
	a->used = plen;
	int argc = gather(a, argv);
	int envc = argc < 0 ? 0 : gather(a, envp);
	if (argc < 0 || envc < 0) {
		vm_object_put(obj);
		return argc < 0 ? argc : envc;
	}
	struct mm *mm = mm_create();
	if (!mm) {
		vm_object_put(obj);
		return -ENOMEM;
	}
	struct image img;
	err = load_image(mm, obj, &img);
	if (!err)
		err = build_stack(mm, a, argc, &img);
	vm_object_put(obj);
	if (err) {
		mm_destroy(mm);
		return err == -EFAULT ? -ENOMEM : err;
	}

	/* The point of no return.  Other threads go first (Linux's
	 * de_thread): they die on their way back to user mode. */
	struct proc *p = current;
	kill_other_threads(p);
	struct mm *old = p->mm;
	mm->stack_limit = rlimit(p, RLIMIT_STACK);
	p->mm = mm;
	arch_switch_to(p);
	if (old && --old->users == 0)
		mm_destroy(old);
	set_name(p, kpath);
	memcpy(p->exe, exe, sizeof(p->exe));
	p->fs_base = 0;
	arch_set_fs_base(0);
	proc_fs_exec(p);
	fpu_reset(p->fpu);
	signal_exec(&p->sig);
	fpu_restore(p->fpu);
	arch_user_frame(p->tf, img.entry, img.sp);
	return 0;
}
