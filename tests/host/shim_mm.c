/*
 * What kernel/mm/ code expects from the rest of the kernel, for host unit
 * tests: kmalloc/kzalloc/kfree over malloc, a panic() that prints and
 * aborts, and vm_object_get/put that only count references.
 *
 * Tests may read or set these (declare them extern):
 *   long shim_object_refs;       references taken minus dropped, all objects
 *   long shim_kmalloc_fail_in;   > 0: the Nth kmalloc/kzalloc from now
 *                                returns NULL (once); 0: never fail
 *   long shim_kmalloc_live;      allocations not yet freed
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/panic.h"
#include "mm/kmalloc.h"

struct vm_object;
void vm_object_get(struct vm_object *obj);
void vm_object_put(struct vm_object *obj);

long shim_object_refs;
long shim_kmalloc_fail_in;
long shim_kmalloc_live;

static bool shim_should_fail(void)
{
	if (shim_kmalloc_fail_in <= 0)
		return false;
	return --shim_kmalloc_fail_in == 0;
}

void *kmalloc(size_t size)
{
	void *p;

	if (shim_should_fail())
		return NULL;
	p = malloc(size);
	if (p)
		shim_kmalloc_live++;
	return p;
}

void *kzalloc(size_t size)
{
	void *p;

	if (shim_should_fail())
		return NULL;
	p = calloc(1, size);
	if (p)
		shim_kmalloc_live++;
	return p;
}

void kfree(void *p)
{
	if (p)
		shim_kmalloc_live--;
	free(p);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "panic: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
}

void vm_object_get(struct vm_object *obj)
{
	if (!obj)
		panic("vm_object_get: NULL object");
	shim_object_refs++;
}

void vm_object_put(struct vm_object *obj)
{
	if (!obj)
		panic("vm_object_put: NULL object");
	if (shim_object_refs <= 0)
		panic("vm_object_put: more puts than gets");
	shim_object_refs--;
}
