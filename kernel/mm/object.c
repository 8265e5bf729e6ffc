/*
 * vm_object: the page cache of one file or shared anonymous mapping.
 *
 * The index maps a page offset to the frame holding that page.  It is a
 * radix tree whose nodes are whole frames of 512 eight-byte slots; each
 * level consumes 9 bits of the page offset, most significant first:
 *
 *   height 2: pgoff = [ 9 bits | 9 bits ]
 *                        |         |
 *   root node --slot-->  leaf node --slot--> data frame
 *
 * A slot holds a physical address (0 = empty): of a node one level down,
 * or, in a leaf node, of a data frame.  The tree grows a new root on top
 * when an offset does not fit its height, so a small file costs one leaf
 * and a sparse file only the branches it touches.
 *
 * The cache holds one frame reference per data frame; mappings take their
 * own.  The lifetime of the object itself is its refcount.
 */
#include "mm/object.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/phys.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/string.h"

#define SLOT_BITS  9
#define NSLOTS	   (1UL << SLOT_BITS) /* slots per node: PAGE_SIZE / 8 */
#define MAX_HEIGHT 6		      /* 54 bits of pgoff > 2^63 bytes */

static paddr_t *node_slots(paddr_t node)
{
	return phys_to_virt(node);
}

/* Which slot of a node at `level` (1 = leaf) leads to pgoff. */
static unsigned slot_index(uint64_t pgoff, unsigned level)
{
	return (pgoff >> ((level - 1) * SLOT_BITS)) & (NSLOTS - 1);
}

/* Pages a tree of this height can index: 512^height (none at 0). */
static uint64_t tree_capacity(unsigned height)
{
	if (height == 0)
		return 0;
	return height >= MAX_HEIGHT ? UINT64_MAX : 1ULL << (height * SLOT_BITS);
}

struct vm_object *vm_object_new(struct inode *owner)
{
	struct vm_object *o = kzalloc(sizeof(*o));

	if (!o)
		return NULL;
	o->refcount = 1;
	o->inode = owner;
	return o;
}

void vm_object_get(struct vm_object *o)
{
	BUG_ON(!o || o->refcount == 0);
	o->refcount++;
}

/* Frees a subtree: its data frames (counted off npages) and its nodes. */
static void free_subtree(struct vm_object *o, paddr_t node, unsigned level)
{
	paddr_t *slot = node_slots(node);

	for (unsigned i = 0; i < NSLOTS; i++) {
		if (!slot[i])
			continue;
		if (level == 1) {
			frame_put(slot[i]);
			o->npages--;
		} else {
			free_subtree(o, slot[i], level - 1);
		}
	}
	frame_put(node);
}

void vm_object_put(struct vm_object *o)
{
	struct inode *owner;

	BUG_ON(!o || o->refcount == 0);
	if (--o->refcount > 0)
		return;
	if (o->root)
		free_subtree(o, o->root, o->height);
	BUG_ON(o->npages != 0);
	owner = o->inode;
	kfree(o);
	if (owner)
		inode_evict(owner);
}

paddr_t vm_object_find_page(struct vm_object *o, uint64_t pgoff)
{
	paddr_t node = o->root;

	if (pgoff >= tree_capacity(o->height))
		return 0;
	for (unsigned level = o->height; level > 0 && node; level--)
		node = node_slots(node)[slot_index(pgoff, level)];
	return node;
}

/* The first page at or after `from` under node, which sits at `level` and
 * indexes pages from base on; UINT64_MAX if none. */
static uint64_t next_in(paddr_t node, unsigned level, uint64_t base,
			uint64_t from)
{
	uint64_t span = 1ULL << ((level - 1) * SLOT_BITS); /* pages a slot */

	for (uint64_t i = from > base ? (from - base) / span : 0; i < NSLOTS;
	     i++) {
		paddr_t child = node_slots(node)[i];
		uint64_t start = base + i * span, got;

		if (!child)
			continue;
		if (level == 1)
			return start;
		got = next_in(child, level - 1, start, MAX(from, start));
		if (got != UINT64_MAX)
			return got;
	}
	return UINT64_MAX;
}

uint64_t vm_object_next_page(struct vm_object *o, uint64_t pgoff)
{
	if (!o->root || pgoff >= tree_capacity(o->height))
		return UINT64_MAX;
	return next_in(o->root, o->height, 0, pgoff);
}

paddr_t vm_object_remove_page(struct vm_object *o, uint64_t pgoff)
{
	paddr_t *slot = &o->root;
	paddr_t page;

	if (pgoff >= tree_capacity(o->height))
		return 0;
	for (unsigned level = o->height; level > 0 && *slot; level--)
		slot = &node_slots(*slot)[slot_index(pgoff, level)];
	page = *slot;
	if (page) {
		*slot = 0; /* empty nodes stay until truncation frees them */
		o->npages--;
	}
	return page;
}

/* Adds levels on top until pgoff fits.  Returns false when out of memory
 * (the tree is unchanged, or taller but still valid). */
static bool grow_to_fit(struct vm_object *o, uint64_t pgoff)
{
	while (pgoff >= tree_capacity(o->height)) {
		paddr_t top;

		if (!o->root) { /* empty: just start higher */
			o->height++;
			continue;
		}
		top = frame_alloc(FRAME_ZERO);
		if (!top)
			return false;
		node_slots(top)[0] = o->root;
		o->root = top;
		o->height++;
	}
	return true;
}

paddr_t vm_object_get_page(struct vm_object *o, uint64_t pgoff)
{
	paddr_t *slot;
	paddr_t page;

	page = vm_object_find_page(o, pgoff);
	if (page)
		return page;
	if (!grow_to_fit(o, pgoff))
		return 0;
	if (!o->root) {
		o->root = frame_alloc(FRAME_ZERO);
		if (!o->root)
			return 0;
	}
	slot = &o->root;
	for (unsigned level = o->height; level > 0; level--) {
		slot = &node_slots(*slot)[slot_index(pgoff, level)];
		if (*slot)
			continue;
		/* Below a leaf the slot wants a data page, else a node. */
		*slot = frame_alloc(FRAME_ZERO);
		if (!*slot)
			return 0; /* nodes built so far stay; harmless */
	}
	o->npages++;
	return *slot;
}

/*
 * Drops every page with index >= first in the subtree at node, whose
 * first page index is base.  Returns true if the node is now empty.
 */
static bool drop_from(struct vm_object *o, paddr_t node, unsigned level,
		      uint64_t base, uint64_t first)
{
	paddr_t *slot = node_slots(node);
	uint64_t span = 1ULL << ((level - 1) * SLOT_BITS); /* pages a slot */
	bool empty = true;

	for (unsigned i = 0; i < NSLOTS; i++) {
		uint64_t start = base + i * span;

		if (slot[i] && start + span > first) {
			if (level == 1) {
				frame_put(slot[i]);
				o->npages--;
				slot[i] = 0;
			} else if (start >= first) {
				free_subtree(o, slot[i], level - 1);
				slot[i] = 0;
			} else if (drop_from(o, slot[i], level - 1, start,
					     first)) {
				frame_put(slot[i]);
				slot[i] = 0;
			}
		}
		if (slot[i])
			empty = false;
	}
	return empty;
}

void vm_object_punch(struct vm_object *o, uint64_t first, uint64_t end)
{
	for (uint64_t pg = vm_object_next_page(o, first); pg < end;
	     pg = vm_object_next_page(o, pg + 1)) {
		paddr_t page = vm_object_find_page(o, pg);
		vm_object_unmap_page(o, pg, page);
		frame_put(vm_object_remove_page(o, pg));
	}
}

/* Zeroes the bytes of pos's page from pos to the page's end, if cached. */
static void zero_page_tail(struct vm_object *o, uint64_t pos)
{
	size_t in_page = pos & (PAGE_SIZE - 1);
	paddr_t page;

	if (in_page == 0)
		return;
	page = vm_object_find_page(o, pos >> PAGE_SHIFT);
	if (page)
		memset((char *)phys_to_virt(page) + in_page, 0,
		       PAGE_SIZE - in_page);
}

void vm_object_truncate(struct vm_object *o, uint64_t new_size)
{
	uint64_t keep = PAGE_ALIGN_UP(new_size) >> PAGE_SHIFT;

	if (new_size < o->size)
		vm_object_unmap_from(o, keep); /* mappings lose them first */
	if (o->root && keep < tree_capacity(o->height)) {
		if (keep == 0) {
			free_subtree(o, o->root, o->height);
			o->root = 0;
			o->height = 0;
		} else {
			drop_from(o, o->root, o->height, 0, keep);
		}
	}
	/* Shrinking: the new last page's tail is now past the end.
	 * Growing: so was the old one's, and it must read as zeros. */
	zero_page_tail(o, MIN(new_size, o->size));
	o->size = new_size;
}

ssize_t vm_object_read(struct vm_object *o, uint64_t off, void *kbuf, size_t n)
{
	char *dst = kbuf;
	size_t done = 0;

	if (off >= o->size)
		return 0;
	n = MIN(n, o->size - off);
	while (done < n) {
		uint64_t pos = off + done;
		size_t in_page = pos & (PAGE_SIZE - 1);
		size_t chunk = MIN(n - done, PAGE_SIZE - in_page);
		paddr_t page = vm_object_find_page(o, pos >> PAGE_SHIFT);

		if (page)
			memcpy(dst + done, (char *)phys_to_virt(page) + in_page,
			       chunk);
		else
			memset(dst + done, 0, chunk); /* a hole */
		done += chunk;
	}
	return (ssize_t)done;
}

ssize_t vm_object_write(struct vm_object *o, uint64_t off, const void *kbuf,
			size_t n)
{
	const char *src = kbuf;
	size_t done = 0;

	if (off > VM_OBJECT_MAX_SIZE || n > VM_OBJECT_MAX_SIZE - off)
		return -EFBIG;
	if (off > o->size)
		zero_page_tail(o, o->size); /* the gap must read as zeros */
	while (done < n) {
		uint64_t pos = off + done;
		size_t in_page = pos & (PAGE_SIZE - 1);
		size_t chunk = MIN(n - done, PAGE_SIZE - in_page);
		paddr_t page = vm_object_get_page(o, pos >> PAGE_SHIFT);

		if (!page)
			break;
		memcpy((char *)phys_to_virt(page) + in_page, src + done, chunk);
		done += chunk;
		if (pos + chunk > o->size)
			o->size = pos + chunk;
	}
	if (done == 0 && n > 0)
		return -ENOMEM;
	return (ssize_t)done;
}

uint64_t vm_object_nr_pages(struct vm_object *o)
{
	return o->npages;
}
