/*
 * kmalloc: small kernel objects from one-page slabs.
 *
 *   +-------------+-------+-------+-------+-----+
 *   | slab header | obj 0 | obj 1 | obj 2 | ... |   one 4 KiB frame,
 *   +-------------+-------+-------+-------+-----+   objects of one size
 *
 * Sizes are rounded up to a power of two from 16 to 2048 bytes.  A slab
 * with free objects sits on its class's list; a slab whose last object is
 * freed goes straight back to the frame allocator, so after every object
 * is freed the free-frame count is exactly what it was (leak tests rely
 * on that).  Bigger things (page cache, stacks) use frames directly.
 */
#include "mm/kmalloc.h"
#include "mm/frame.h"
#include "mm/phys.h"
#include "lib/panic.h"
#include "lib/string.h"

#define MIN_SHIFT 4
#define MAX_SHIFT 11
#define NCLASSES  (MAX_SHIFT - MIN_SHIFT + 1)

struct free_obj {
	struct free_obj *next;
};

struct slab {
	struct slab *next, *prev; /* on the class list while not full */
	struct free_obj *free;
	uint32_t inuse;
	uint32_t shift;
};

#define SLAB_HEADER 64 /* sizeof(struct slab), rounded for alignment */

static struct slab *partial[NCLASSES];

static int size_shift(size_t size)
{
	int shift = MIN_SHIFT;
	while ((1UL << shift) < size)
		shift++;
	return shift;
}

static void list_add(struct slab **head, struct slab *s)
{
	s->prev = NULL;
	s->next = *head;
	if (*head)
		(*head)->prev = s;
	*head = s;
}

static void list_del(struct slab **head, struct slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		*head = s->next;
	if (s->next)
		s->next->prev = s->prev;
}

static struct slab *slab_new(int shift)
{
	paddr_t pa = frame_alloc(FRAME_DIRTY);
	if (!pa)
		return NULL;
	struct slab *s = phys_to_virt(pa);
	size_t size = 1UL << shift;
	s->shift = (uint32_t)shift;
	s->inuse = 0;
	s->free = NULL;
	size_t first = (SLAB_HEADER + size - 1) & ~(size - 1);
	for (size_t off = PAGE_SIZE - size; off >= first; off -= size) {
		struct free_obj *o = (struct free_obj *)((char *)s + off);
		o->next = s->free;
		s->free = o;
	}
	return s;
}

void *kmalloc(size_t size)
{
	_Static_assert(sizeof(struct slab) <= SLAB_HEADER, "slab header");
	if (size == 0 || size > (1UL << MAX_SHIFT))
		return NULL;
	int shift = size_shift(size);
	struct slab **head = &partial[shift - MIN_SHIFT];
	if (!*head) {
		struct slab *s = slab_new(shift);
		if (!s)
			return NULL;
		list_add(head, s);
	}
	struct slab *s = *head;
	struct free_obj *o = s->free;
	s->free = o->next;
	s->inuse++;
	if (!s->free)
		list_del(head, s);
	return o;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);
	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(void *p)
{
	if (!p)
		return;
	struct slab *s = (struct slab *)PAGE_ALIGN_DOWN((uintptr_t)p);
	struct slab **head = &partial[s->shift - MIN_SHIFT];
	BUG_ON(s->inuse == 0);
	bool was_full = s->free == NULL;
	struct free_obj *o = p;
	o->next = s->free;
	s->free = o;
	s->inuse--;
	if (was_full)
		list_add(head, s);
	if (s->inuse == 0) {
		list_del(head, s);
		frame_put(virt_to_phys(s));
	}
}
