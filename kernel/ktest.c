/*
 * The kernel's boot-time self-tests: frame allocator, kernel page tables
 * and the protections the hardware must enforce (read-only text and
 * rodata, NX data, no mapping at address 0).  Each test returns 0 on
 * success or a short reason.  What user programs observe is tested by
 * the programs in tests/user instead.
 */
#include "arch/x86_64/ktry.h"
#include "arch/x86_64/memlayout.h"
#include "arch/x86_64/paging.h"
#include "arch/x86_64/x86.h"
#include "boot.h"
#include "ktest.h"
#include "mm/fault.h"
#include "mm/frame.h"
#include "mm/mm.h"
#include "mm/phys.h"
#include "mm/pt.h"
#include "lib/errno.h"
#include "lib/printk.h"
#include "lib/string.h"

typedef const char *(*ktest_fn)(void);

static int tap_number;

#define FAIL_IF(cond)                                                          \
	do {                                                                   \
		if (cond)                                                      \
			return #cond;                                          \
	} while (0)

static const char *frame_alloc_roundtrip(void)
{
	enum { N = 300 };
	static paddr_t got[N];
	uint64_t before = frame_free_count();
	for (int i = 0; i < N; i++) {
		got[i] = frame_alloc(i % 2 ? FRAME_ZERO : FRAME_DIRTY);
		FAIL_IF(got[i] == 0 || !IS_PAGE_ALIGNED(got[i]));
		FAIL_IF(got[i] < 0x100000);
		for (int j = 0; j < i; j++)
			FAIL_IF(got[j] == got[i]);
	}
	FAIL_IF(frame_free_count() != before - N);
	const uint64_t *z = phys_to_virt(got[1]);
	for (int k = 0; k < 512; k++)
		FAIL_IF(z[k] != 0);
	for (int i = 0; i < N; i++)
		frame_put(got[i]);
	FAIL_IF(frame_free_count() != before);
	frame_check();
	return NULL;
}

static const char *frame_refcount_keeps_frame(void)
{
	uint64_t before = frame_free_count();
	paddr_t pa = frame_alloc(FRAME_ZERO);
	FAIL_IF(!pa);
	frame_get(pa);
	frame_put(pa);
	FAIL_IF(frame_free_count() != before - 1);
	FAIL_IF(pa_to_frame(pa)->refcount != 1);
	frame_put(pa);
	FAIL_IF(frame_free_count() != before);
	return NULL;
}

static const char *pt_map_lookup_unmap(void)
{
	vaddr_t va = KSTACK_BASE + 0x12345000;
	uint64_t before = frame_free_count();
	paddr_t pa = frame_alloc(FRAME_ZERO);
	FAIL_IF(!pa);
	FAIL_IF(pt_map(kernel_root, va, pa, PTE_W | PTE_NX) != 0);
	FAIL_IF(pt_map(kernel_root, va, pa, PTE_W) != -EEXIST);
	pte_t *e = pt_lookup(kernel_root, va);
	FAIL_IF(!e || !(*e & PTE_P) || pte_addr(*e) != pa);
	*(volatile uint64_t *)va = 0x7469646521;
	FAIL_IF(*(uint64_t *)phys_to_virt(pa) != 0x7469646521);
	FAIL_IF(pt_unmap(kernel_root, va, va + PAGE_SIZE, PT_PUT_FRAMES, 0) !=
		1);
	e = pt_lookup(kernel_root, va);
	FAIL_IF(e && (*e & PTE_P));
	/* The page and the PD and PT made for it are all free again. */
	FAIL_IF(frame_free_count() != before);
	return NULL;
}

/* Writes v to p; 0 or the error a fault produced. */
static int try_write(volatile uint8_t *p, uint8_t v)
{
	struct ktry t;
	int err = ktry_begin(&t);
	if (err == 0) {
		ktry_arm(&t);
		*p = v;
	}
	ktry_end();
	return err;
}

static int try_call(void (*fn)(void))
{
	struct ktry t;
	int err = ktry_begin(&t);
	if (err == 0) {
		ktry_arm(&t);
		fn();
	}
	ktry_end();
	return err;
}

static const uint8_t rodata_byte = 0x5a;
static uint8_t data_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static const char *rodata_is_read_only(void)
{
	FAIL_IF(try_write((volatile uint8_t *)&rodata_byte, 1) != -EFAULT);
	FAIL_IF(rodata_byte != 0x5a);
	return NULL;
}

static const char *text_is_read_only(void)
{
	volatile uint8_t *code = (volatile uint8_t *)(void *)ktest_run;
	uint8_t old = *code;
	FAIL_IF(try_write(code, 0xcc) != -EFAULT);
	FAIL_IF(*code != old);
	return NULL;
}

static const char *text_alias_is_read_only(void)
{
	paddr_t pa = (paddr_t)(uintptr_t)ktest_run - KERNEL_BASE;
	volatile uint8_t *alias = phys_to_virt(pa);
	uint8_t old = *alias;
	FAIL_IF(try_write(alias, 0xcc) != -EFAULT);
	FAIL_IF(*alias != old);
	return NULL;
}

static const char *data_is_writable_not_executable(void)
{
	FAIL_IF(try_write(&data_page[0], 0xc3) != 0); /* ret */
	FAIL_IF(data_page[0] != 0xc3);
	FAIL_IF(try_call((void (*)(void))(void *)data_page) != -EFAULT);
	return NULL;
}

static const char *address_zero_is_unmapped(void)
{
	FAIL_IF(try_write((volatile uint8_t *)0, 1) != -EFAULT);
	FAIL_IF(try_write((volatile uint8_t *)0x400000, 1) != -EFAULT);
	return NULL;
}

static const char *protection_bits_on(void)
{
	FAIL_IF(!(read_cr0() & CR0_WP));
	FAIL_IF(!(rdmsr(MSR_EFER) & EFER_NXE));
	return NULL;
}

static const char *direct_map_covers_ram(void)
{
	for (int i = 0; i < boot_info.nram; i++) {
		paddr_t last = PAGE_ALIGN_DOWN(boot_info.ram[i].end - 1);
		volatile uint8_t *p = phys_to_virt(last);
		uint8_t old = *p;
		FAIL_IF(try_write(p, old) != 0);
	}
	return NULL;
}

/* A page at a user address in a scratch address space, for SMEP/SMAP. */
static const char *with_user_page(const char *(*body)(volatile uint8_t *))
{
	vaddr_t va = 0x400000;
	paddr_t root = pt_new_root(kernel_root), page = frame_alloc(FRAME_ZERO);
	if (!root || !page)
		return "out of memory";
	((uint8_t *)phys_to_virt(page))[0] = 0xc3; /* ret */
	pt_map(root, va, page, PTE_U | PTE_W);
	write_cr3(root);
	const char *why = body((volatile uint8_t *)va);
	write_cr3(kernel_root);
	pt_destroy(root);
	return why;
}

static const char *smap_body(volatile uint8_t *p)
{
	FAIL_IF(try_write(p, 0xc3) != -EFAULT); /* no stac: refused */
	stac();
	*p = 0xc3; /* the copy routines' way in */
	clac();
	return NULL;
}

static const char *smep_body(volatile uint8_t *p)
{
	FAIL_IF(try_call((void (*)(void))(uintptr_t)p) != -EFAULT);
	return NULL;
}

static const char *smap_blocks_user_access(void)
{
	if (!(read_cr4() & CR4_SMAP))
		return "SKIP: this CPU has no SMAP (QEMU: -cpu max)";
	return with_user_page(smap_body);
}

static const char *smep_blocks_user_code(void)
{
	if (!(read_cr4() & CR4_SMEP))
		return "SKIP: this CPU has no SMEP (QEMU: -cpu max)";
	return with_user_page(smep_body);
}

/* The "check" boot word's frame audit sees a reference nobody holds. */
static const char *audit_catches_a_stray_reference(void)
{
	const vaddr_t va = 0x400000;
	uint64_t before = frame_free_count(), stray;
	struct mm *mm = mm_create();
	FAIL_IF(!mm);
	FAIL_IF(mm_map(mm, va, PAGE_SIZE,
		       VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE, NULL,
		       0) != 0);
	FAIL_IF(vm_fault(mm, va, FAULT_WRITE) != FAULT_OK);
	paddr_t pa = pte_addr(*pt_lookup(mm->root, va));
	FAIL_IF(mm_audit_frames(&mm, 1) != 0);
	frame_get(pa); /* a reference no mapping accounts for */
	stray = mm_audit_frames(&mm, 1);
	frame_put(pa);
	FAIL_IF(stray != 1);
	FAIL_IF(mm_audit_frames(&mm, 1) != 0);
	mm_destroy(mm);
	FAIL_IF(frame_free_count() != before);
	return NULL;
}

static const struct {
	ktest_fn fn;
	const char *name;
} ktests[] = {
    {frame_alloc_roundtrip, "frame allocator round trip, exact counts"},
    {frame_refcount_keeps_frame, "a referenced frame stays allocated"},
    {pt_map_lookup_unmap, "pt_map/lookup/unmap frees empty tables"},
    {rodata_is_read_only, "kernel rodata is read-only"},
    {text_is_read_only, "kernel text is read-only"},
    {text_alias_is_read_only, "kernel text is read-only in the direct map"},
    {data_is_writable_not_executable, "kernel data is NX"},
    {address_zero_is_unmapped, "low addresses are unmapped"},
    {protection_bits_on, "CR0.WP and EFER.NXE are set"},
    {direct_map_covers_ram, "the direct map covers all RAM"},
    {smap_blocks_user_access, "SMAP: no kernel access to user pages"},
    {smep_blocks_user_code, "SMEP: no kernel execution of user pages"},
    {audit_catches_a_stray_reference,
     "the frame audit catches a stray reference"},
};

int ktest_run(void)
{
	int failed = 0;
	for (size_t i = 0; i < ARRAY_SIZE(ktests); i++) {
		const char *why = ktests[i].fn();
		if (why && strncmp(why, "SKIP", 4) == 0) {
			printk("ok %d - kernel: %s # %s\n", ++tap_number,
			       ktests[i].name, why);
			continue;
		}
		printk("%s %d - kernel: %s\n", why ? "not ok" : "ok",
		       ++tap_number, ktests[i].name);
		if (why) {
			printk("#   failed: %s\n", why);
			failed++;
		}
	}
	return failed;
}
