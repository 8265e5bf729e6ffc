/*
 * vma_index: the B+tree behind vma_find() in large address spaces.
 *
 *	 internal   [k0 c0][k1 c1][k2 c2] ...	 k = first key below child c
 *		      /       |       \
 *	 leaves    [k v][k v]... [k v]...  [k v]...   sorted, all at one depth
 *
 * Each node is one 1 KiB kmalloc object with up to INDEX_SLOTS entries, so
 * 60,000 vmas take three levels (63 x 63 x 63 > 65,530).  A lookup does a
 * binary search in each node on the way down.
 *
 * A full node splits in half.  A node is freed when its last entry goes;
 * half-empty nodes are not merged (the vma set drops the whole index when
 * it shrinks, which bounds the waste).  An insert first allocates every
 * node a split could need, so running out of memory changes nothing.
 */
#include "mm/vma_index.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "lib/string.h"
#include "mm/kmalloc.h"

#define INDEX_SLOTS	 63
#define INDEX_MAX_HEIGHT 12 /* 63^12 entries: far more than ever fit */

struct index_entry {
	vaddr_t key;
	void *ptr; /* a child node, or in a leaf the caller's value */
};

struct index_node {
	uint32_t n; /* entries in use, 1..INDEX_SLOTS */
	uint32_t pad[3];
	struct index_entry e[INDEX_SLOTS];
};

_Static_assert(sizeof(struct index_node) == 1024, "a 1 KiB node");

/* The last slot of nd whose key is <= key, or -1 if there is none. */
static int floor_slot(const struct index_node *nd, vaddr_t key)
{
	int lo = 0, hi = (int)nd->n;

	while (lo < hi) { /* find the first key > key */
		int mid = (lo + hi) / 2;
		if (nd->e[mid].key <= key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1;
}

void *vma_index_floor(const struct vma_index *ix, vaddr_t key)
{
	const struct index_node *nd = ix->root;

	for (int h = ix->height; nd; h--) {
		int i = floor_slot(nd, key);
		if (i < 0)
			return NULL;
		if (h == 1)
			return nd->e[i].ptr;
		nd = nd->e[i].ptr;
	}
	return NULL;
}

/* --- Insert */

struct spares {
	struct index_node *node[INDEX_MAX_HEIGHT + 1];
	int n;
};

static void put_entry(struct index_node *nd, int at, vaddr_t key, void *ptr)
{
	memmove(&nd->e[at + 1], &nd->e[at], (nd->n - at) * sizeof(nd->e[0]));
	nd->e[at] = (struct index_entry){key, ptr};
	nd->n++;
}

/* Puts (key, ptr) at slot `at` of nd, splitting nd if it is full; returns
 * the new right half, or NULL. */
static struct index_node *put_or_split(struct vma_index *ix,
				       struct index_node *nd, int at,
				       vaddr_t key, void *ptr,
				       struct spares *sp)
{
	const int half = INDEX_SLOTS / 2 + 1;
	struct index_node *r;

	if (nd->n < INDEX_SLOTS) {
		put_entry(nd, at, key, ptr);
		return NULL;
	}
	BUG_ON(sp->n == 0);
	r = sp->node[--sp->n];
	r->n = nd->n - half;
	memcpy(r->e, &nd->e[half], r->n * sizeof(r->e[0]));
	nd->n = half;
	if (at <= half)
		put_entry(nd, at, key, ptr);
	else
		put_entry(r, at - half, key, ptr);
	ix->nodes++;
	return r;
}

static struct index_node *insert_below(struct vma_index *ix,
				       struct index_node *nd, int h,
				       vaddr_t key, void *val,
				       struct spares *sp)
{
	int i = floor_slot(nd, key);
	struct index_node *child, *right;

	if (h == 1) {
		BUG_ON(i >= 0 && nd->e[i].key == key);
		return put_or_split(ix, nd, i + 1, key, val, sp);
	}
	if (i < 0)
		i = 0; /* below every key: the first child, whose key drops */
	child = nd->e[i].ptr;
	right = insert_below(ix, child, h - 1, key, val, sp);
	nd->e[i].key = child->e[0].key;
	if (!right)
		return NULL;
	return put_or_split(ix, nd, i + 1, right->e[0].key, right, sp);
}

/* How many nodes inserting key may allocate: one per full node at the
 * bottom of its path, and a new root if the whole path is full. */
static int nodes_needed(const struct vma_index *ix, vaddr_t key)
{
	const struct index_node *nd = ix->root;
	int full = 0;

	if (!nd)
		return 1;
	for (int h = ix->height; h >= 1; h--) {
		int i = floor_slot(nd, key);
		full = nd->n == INDEX_SLOTS ? full + 1 : 0;
		if (h > 1)
			nd = nd->e[i < 0 ? 0 : i].ptr;
	}
	return full + (full == ix->height);
}

int vma_index_insert(struct vma_index *ix, vaddr_t key, void *val)
{
	struct spares sp = {.n = 0};
	int need = nodes_needed(ix, key);
	struct index_node *right;

	BUG_ON(need > INDEX_MAX_HEIGHT);
	for (; sp.n < need; sp.n++) {
		sp.node[sp.n] = kmalloc(sizeof(struct index_node));
		if (!sp.node[sp.n]) {
			while (sp.n > 0)
				kfree(sp.node[--sp.n]);
			return -ENOMEM;
		}
	}
	if (!ix->root) {
		ix->root = sp.node[--sp.n];
		ix->root->n = 0;
		ix->height = 1;
		ix->nodes = 1;
	}
	right = insert_below(ix, ix->root, ix->height, key, val, &sp);
	if (right) { /* the root split: grow a level */
		struct index_node *top = sp.node[--sp.n];
		top->n = 2;
		top->e[0] = (struct index_entry){ix->root->e[0].key, ix->root};
		top->e[1] = (struct index_entry){right->e[0].key, right};
		ix->root = top;
		ix->height++;
		ix->nodes++;
	}
	BUG_ON(sp.n != 0);
	ix->entries++;
	return 0;
}

/* --- Remove, rekey, destroy */

/* Removes key below nd; returns true if nd is left empty. */
static bool remove_below(struct vma_index *ix, struct index_node *nd, int h,
			 vaddr_t key)
{
	int i = floor_slot(nd, key);

	BUG_ON(i < 0 || (h == 1 && nd->e[i].key != key));
	if (h > 1) {
		struct index_node *child = nd->e[i].ptr;
		if (!remove_below(ix, child, h - 1, key)) {
			nd->e[i].key = child->e[0].key;
			return false;
		}
		kfree(child);
		ix->nodes--;
	}
	memmove(&nd->e[i], &nd->e[i + 1], (nd->n - i - 1) * sizeof(nd->e[0]));
	nd->n--;
	return nd->n == 0;
}

void vma_index_remove(struct vma_index *ix, vaddr_t key)
{
	BUG_ON(!ix->root);
	ix->entries--;
	if (remove_below(ix, ix->root, ix->height, key)) {
		kfree(ix->root);
		*ix = (struct vma_index){.root = NULL};
		return;
	}
	while (ix->height > 1 && ix->root->n == 1) { /* drop a level */
		struct index_node *old = ix->root;
		ix->root = old->e[0].ptr;
		kfree(old);
		ix->height--;
		ix->nodes--;
	}
}

static void rekey_below(struct index_node *nd, int h, vaddr_t old, vaddr_t new)
{
	int i = floor_slot(nd, old);

	BUG_ON(i < 0);
	if (h == 1) {
		BUG_ON(nd->e[i].key != old);
		nd->e[i].key = new;
		return;
	}
	rekey_below(nd->e[i].ptr, h - 1, old, new);
	nd->e[i].key = ((struct index_node *)nd->e[i].ptr)->e[0].key;
}

void vma_index_rekey(struct vma_index *ix, vaddr_t old, vaddr_t new)
{
	BUG_ON(!ix->root);
	rekey_below(ix->root, ix->height, old, new);
}

static void free_below(struct index_node *nd, int h)
{
	if (h > 1)
		for (uint32_t i = 0; i < nd->n; i++)
			free_below(nd->e[i].ptr, h - 1);
	kfree(nd);
}

void vma_index_destroy(struct vma_index *ix)
{
	if (ix->root)
		free_below(ix->root, ix->height);
	*ix = (struct vma_index){.root = NULL};
}

/* --- Invariant check */

struct index_walk {
	unsigned long nodes, entries;
	bool any;
	vaddr_t last; /* the last leaf key seen, if any */
};

static void check_below(struct index_walk *w, const struct index_node *nd,
			int h)
{
	if (nd->n == 0 || nd->n > INDEX_SLOTS)
		panic("vma_index_check: a node with %u entries", nd->n);
	w->nodes++;
	for (uint32_t i = 0; i < nd->n; i++) {
		if (i > 0 && nd->e[i].key <= nd->e[i - 1].key)
			panic("vma_index_check: keys out of order at %lx",
			      nd->e[i].key);
		if (h == 1) {
			if (w->any && nd->e[i].key <= w->last)
				panic("vma_index_check: leaves out of order "
				      "at %lx",
				      nd->e[i].key);
			w->any = true;
			w->last = nd->e[i].key;
			w->entries++;
			continue;
		}
		const struct index_node *child = nd->e[i].ptr;
		if (child->n == 0 || child->e[0].key != nd->e[i].key)
			panic("vma_index_check: parent key %lx is not its "
			      "child's first",
			      nd->e[i].key);
		check_below(w, child, h - 1);
	}
}

void vma_index_check(const struct vma_index *ix)
{
	struct index_walk w = {0, 0, false, 0};

	if (!ix->root) {
		if (ix->height || ix->nodes || ix->entries)
			panic("vma_index_check: empty index with counts");
		return;
	}
	if (ix->height < 1 || ix->height > INDEX_MAX_HEIGHT)
		panic("vma_index_check: height %d", ix->height);
	check_below(&w, ix->root, ix->height);
	if (w.nodes != ix->nodes || w.entries != ix->entries)
		panic("vma_index_check: %lu nodes and %lu entries, counted "
		      "%lu and %lu",
		      w.nodes, w.entries, ix->nodes, ix->entries);
}
