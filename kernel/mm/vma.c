/*
 * The vma set: an AVL tree of vmas keyed by start, threaded with a doubly
 * linked list in address order, and augmented for gap searches.
 *
 * Every vma owns the free gap just below it:
 *
 *	gap_before(v) = v->start - (v's predecessor ? its end : 0)
 *
 * and every tree node records subtree_gap, the largest gap_before of any
 * vma in its subtree.  A search for a hole of len bytes skips each subtree
 * whose subtree_gap < len, so it walks one root-to-leaf path or two.  The
 * gap above the last vma belongs to no vma; the searches check it apart.
 *
 * Since gap_before(v) depends on v's predecessor, inserting, removing or
 * resizing a vma also changes the gap of the vma after it, whose path to
 * the root must be recomputed too.  Rotations keep every value right,
 * because a node's height and subtree_gap depend on its own subtree only.
 *
 * Mapping pages, permissions and user-argument checks are the callers'
 * business (mmap.c, fault.c, ...); docs/vma.md has the pictures.
 */
#include "mm/vma.h"
#include "lib/errno.h"
#include "lib/panic.h"
#include "mm/kmalloc.h"

/* An AVL tree of n nodes is at most 1.44 log2(n) high; 2^64 nodes fit. */
#define VMA_MAX_HEIGHT 100

/* The index (vma_index.h) is built when the set reaches INDEX_BUILD vmas
 * (or, after a failed build, the next power of two) and dropped below
 * INDEX_DROP, so small address spaces never pay for it. */
#ifndef INDEX_BUILD /* host tests set them low to exercise the index */
#define INDEX_BUILD 256
#define INDEX_DROP  128
#endif

/* --- Per-node values */

static int height(const struct vma *n)
{
	return n ? n->tree_height : 0;
}

static vaddr_t subtree_gap(const struct vma *n)
{
	return n ? n->subtree_gap : 0;
}

static vaddr_t prev_end(const struct vma *v)
{
	return v->list_prev ? v->list_prev->end : 0;
}

static vaddr_t gap_before(const struct vma *v)
{
	return v->start - prev_end(v);
}

/* Recomputes n's height and subtree_gap from its children. */
static void recompute(struct vma *n)
{
	int hl = height(n->tree_left), hr = height(n->tree_right);
	vaddr_t gap = gap_before(n);

	gap = MAX(gap, subtree_gap(n->tree_left));
	gap = MAX(gap, subtree_gap(n->tree_right));
	n->subtree_gap = gap;
	n->tree_height = 1 + MAX(hl, hr);
}

/* Recomputes n and all its ancestors, after n's gap changed. */
static void propagate(struct vma *n)
{
	for (; n; n = n->tree_parent)
		recompute(n);
}

/* --- AVL rotations and rebalancing */

/* Makes `new` the child of parent that `old` was (or the root). */
static void replace_child(struct vma_set *set, struct vma *parent,
			  struct vma *old, struct vma *new)
{
	if (!parent)
		set->root = new;
	else if (parent->tree_left == old)
		parent->tree_left = new;
	else
		parent->tree_right = new;
	if (new)
		new->tree_parent = parent;
}

/*
 *	  x                 y
 *	 / \               / \
 *	a   y     ==>     x   c
 *	   / \           / \
 *	  b   c         a   b
 */
static struct vma *rotate_left(struct vma_set *set, struct vma *x)
{
	struct vma *y = x->tree_right, *b = y->tree_left;

	replace_child(set, x->tree_parent, x, y);
	x->tree_right = b;
	if (b)
		b->tree_parent = x;
	y->tree_left = x;
	x->tree_parent = y;
	recompute(x);
	recompute(y);
	return y;
}

/* The mirror image of rotate_left. */
static struct vma *rotate_right(struct vma_set *set, struct vma *y)
{
	struct vma *x = y->tree_left, *b = x->tree_right;

	replace_child(set, y->tree_parent, y, x);
	y->tree_left = b;
	if (b)
		b->tree_parent = y;
	x->tree_right = y;
	y->tree_parent = x;
	recompute(y);
	recompute(x);
	return x;
}

/*
 * Restores |height(left) - height(right)| <= 1 at n, whose subtrees are
 * balanced and differ in height by at most 2.  Returns the node now in n's
 * place.  A child leaning the other way needs a double rotation first.
 */
static struct vma *rebalance(struct vma_set *set, struct vma *n)
{
	int balance = height(n->tree_left) - height(n->tree_right);

	if (balance > 1) {
		struct vma *l = n->tree_left;

		if (height(l->tree_left) < height(l->tree_right))
			rotate_left(set, l);
		return rotate_right(set, n);
	}
	if (balance < -1) {
		struct vma *r = n->tree_right;

		if (height(r->tree_right) < height(r->tree_left))
			rotate_right(set, r);
		return rotate_left(set, n);
	}
	recompute(n);
	return n;
}

/* Rebalances and recomputes from n up to the root. */
static void rebalance_upwards(struct vma_set *set, struct vma *n)
{
	while (n)
		n = rebalance(set, n)->tree_parent;
}

/* --- The set */

void vma_set_init(struct vma_set *set, vaddr_t lo, vaddr_t hi)
{
	set->root = NULL;
	set->first = NULL;
	set->last = NULL;
	set->count = 0;
	set->lo = lo;
	set->hi = hi;
	set->index = (struct vma_index){.root = NULL};
}

void vma_set_destroy(struct vma_set *set)
{
	struct vma *v = set->first;

	while (v) {
		struct vma *next = v->list_next;

		vma_free(v);
		v = next;
	}
	vma_index_destroy(&set->index);
	set->root = NULL;
	set->first = NULL;
	set->last = NULL;
	set->count = 0;
}

struct vma *vma_alloc(vaddr_t start, vaddr_t end, unsigned long flags,
		      struct vm_object *obj, uint64_t pgoff)
{
	struct vma *v;

	BUG_ON(start >= end || !IS_PAGE_ALIGNED(start) ||
	       !IS_PAGE_ALIGNED(end));
	v = kmalloc(sizeof(*v));
	if (!v)
		return NULL;
	v->start = start;
	v->end = end;
	v->flags = flags;
	v->obj = obj;
	v->pgoff = pgoff;
	v->tree_parent = NULL;
	v->tree_left = NULL;
	v->tree_right = NULL;
	v->list_prev = NULL;
	v->list_next = NULL;
	v->tree_height = 1;
	v->subtree_gap = 0;
	v->index_key = start;
	if (obj)
		vm_object_get(obj);
	return v;
}

void vma_free(struct vma *v)
{
	if (!v)
		return;
	if (v->obj)
		vm_object_put(v->obj);
	kfree(v);
}

/* --- Lookup */

struct vma *vma_find(const struct vma_set *set, vaddr_t va)
{
	struct vma *n = set->root, *best = NULL;

	if (set->index.root) { /* the vma starting at or below va */
		n = vma_index_floor(&set->index, va);
		if (n && n->end > va)
			return n;
		return n ? n->list_next : set->first;
	}

	/* vmas are disjoint, so their ends are in the same order as starts. */
	while (n) {
		if (n->end > va) {
			best = n;
			n = n->tree_left;
		} else {
			n = n->tree_right;
		}
	}
	return best;
}

struct vma *vma_lookup(const struct vma_set *set, vaddr_t va)
{
	struct vma *v = vma_find(set, va);

	return v && v->start <= va ? v : NULL;
}

bool vma_range_free(const struct vma_set *set, vaddr_t start, vaddr_t end)
{
	struct vma *v = vma_find(set, start);

	return !v || v->start >= end;
}

/* --- The index */

static void index_build(struct vma_set *set)
{
	for (struct vma *v = set->first; v; v = v->list_next)
		if (vma_index_insert(&set->index, v->index_key, v) < 0) {
			vma_index_destroy(&set->index); /* try again later */
			return;
		}
}

static void index_inserted(struct vma_set *set, struct vma *v)
{
	unsigned long n = set->count;

	if (set->index.root) {
		if (vma_index_insert(&set->index, v->index_key, v) < 0)
			vma_index_destroy(&set->index);
	} else if (n >= INDEX_BUILD && (n & (n - 1)) == 0) {
		index_build(set);
	}
}

static void index_removed(struct vma_set *set, struct vma *v)
{
	if (!set->index.root)
		return;
	if (set->count < INDEX_DROP)
		vma_index_destroy(&set->index);
	else
		vma_index_remove(&set->index, v->index_key);
}

/* --- Insert, remove, update */

/* A cheap sanity check against removing a vma twice: not a proof. */
static bool in_set(const struct vma_set *set, const struct vma *v)
{
	return v->tree_parent ? set->count > 1 : set->root == v;
}

void vma_insert(struct vma_set *set, struct vma *v)
{
	struct vma *parent = NULL, *pred = NULL, *succ = NULL;
	struct vma **link = &set->root;

	BUG_ON(v->start >= v->end || !IS_PAGE_ALIGNED(v->start) ||
	       !IS_PAGE_ALIGNED(v->end));
	BUG_ON(v->tree_parent || v->tree_left || v->list_prev || v->list_next);
	/* The last node we turn right at is v's predecessor, the last we
	 * turn left at its successor. */
	while (*link) {
		parent = *link;
		if (v->start < parent->start) {
			succ = parent;
			link = &parent->tree_left;
		} else {
			pred = parent;
			link = &parent->tree_right;
		}
	}
	BUG_ON(pred && pred->end > v->start);
	BUG_ON(succ && succ->start < v->end);

	v->list_prev = pred;
	v->list_next = succ;
	if (pred)
		pred->list_next = v;
	else
		set->first = v;
	if (succ)
		succ->list_prev = v;
	else
		set->last = v;

	v->tree_parent = parent;
	v->tree_left = NULL;
	v->tree_right = NULL;
	recompute(v);
	*link = v;
	set->count++;
	v->index_key = v->start;
	index_inserted(set, v);
	/* v took a bite out of the gap below succ.  succ is an ancestor of
	 * v (where the search last turned left), so the walk up from v
	 * recomputes it too. */
	rebalance_upwards(set, parent);
}

/*
 * Takes v, which has two children, out of the tree by moving its in-order
 * successor s (the leftmost node of v's right subtree, which has no left
 * child) into v's place.  Returns the lowest node whose subtree changed.
 */
static struct vma *tree_unlink_inner(struct vma_set *set, struct vma *v)
{
	struct vma *s = v->list_next, *s_parent = s->tree_parent;
	struct vma *fix;

	if (s_parent == v) {
		fix = s; /* s keeps its right subtree */
	} else {
		s_parent->tree_left = s->tree_right;
		if (s->tree_right)
			s->tree_right->tree_parent = s_parent;
		s->tree_right = v->tree_right;
		s->tree_right->tree_parent = s;
		fix = s_parent;
	}
	replace_child(set, v->tree_parent, v, s);
	s->tree_left = v->tree_left;
	s->tree_left->tree_parent = s;
	return fix;
}

void vma_remove(struct vma_set *set, struct vma *v)
{
	struct vma *prev = v->list_prev, *next = v->list_next;
	struct vma *fix;

	BUG_ON(!in_set(set, v));
	if (v->tree_left && v->tree_right) {
		fix = tree_unlink_inner(set, v);
	} else {
		struct vma *child = v->tree_left ? v->tree_left : v->tree_right;

		fix = v->tree_parent;
		replace_child(set, fix, v, child);
	}
	rebalance_upwards(set, fix);

	if (prev)
		prev->list_next = next;
	else
		set->first = next;
	if (next)
		next->list_prev = prev;
	else
		set->last = prev;
	set->count--;
	index_removed(set, v);
	/* The gap below next now reaches down to prev.  next may sit off
	 * the path just rebalanced (v's only child), so walk up from it. */
	if (next)
		propagate(next);

	v->tree_parent = NULL;
	v->tree_left = NULL;
	v->tree_right = NULL;
	v->list_prev = NULL;
	v->list_next = NULL;
	v->tree_height = 1;
}

void vma_set_update(struct vma_set *set, struct vma *v)
{
	BUG_ON(!in_set(set, v));
	BUG_ON(v->start >= v->end || !IS_PAGE_ALIGNED(v->start) ||
	       !IS_PAGE_ALIGNED(v->end));
	BUG_ON(v->list_prev && v->list_prev->end > v->start);
	BUG_ON(v->list_next && v->list_next->start < v->end);
	/* The order did not change, so the tree shape stays: only the gap
	 * below v (start moved) and below its successor (end moved). */
	propagate(v);
	if (set->index.root && v->index_key != v->start)
		vma_index_rekey(&set->index, v->index_key, v->start);
	v->index_key = v->start;
	if (v->list_next)
		propagate(v->list_next);
}

/* --- Split, isolate, merge */

struct vma *vma_split(struct vma_set *set, struct vma *v, vaddr_t at)
{
	uint64_t npages = (at - v->start) >> PAGE_SHIFT;
	struct vma *upper;

	BUG_ON(at <= v->start || at >= v->end || !IS_PAGE_ALIGNED(at));
	upper = vma_alloc(at, v->end, v->flags, v->obj, v->pgoff + npages);
	if (!upper)
		return NULL;
	/* The gaps below v and below v's successor stay as they are. */
	v->end = at;
	vma_insert(set, upper);
	return upper;
}

int vma_isolate(struct vma_set *set, vaddr_t start, vaddr_t end,
		struct vma **first)
{
	struct vma *v, *last;

	BUG_ON(start >= end || !IS_PAGE_ALIGNED(start) ||
	       !IS_PAGE_ALIGNED(end));
	*first = NULL;
	v = vma_find(set, start);
	if (!v || v->start >= end)
		return 0; /* nothing mapped in [start, end) */
	if (v->start < start) {
		v = vma_split(set, v, start);
		if (!v)
			return -ENOMEM;
	}
	last = vma_lookup(set, end - 1);
	if (last && last->end > end && !vma_split(set, last, end))
		return -ENOMEM;
	*first = v;
	return 0;
}

/* May `high`, the vma just above `low`, be folded into `low`? */
static bool vma_can_merge(const struct vma *low, const struct vma *high)
{
	if (low->end != high->start || low->flags != high->flags ||
	    low->obj != high->obj)
		return false;
	/* Anonymous private pages live in the page tables, not at pgoff. */
	if (!low->obj)
		return true;
	return low->pgoff + vma_npages(low) == high->pgoff;
}

/* Extends low over high, which is removed and freed. */
static void vma_absorb(struct vma_set *set, struct vma *low, struct vma *high)
{
	vaddr_t end = high->end;

	vma_remove(set, high);
	vma_free(high);
	low->end = end;
	vma_set_update(set, low);
}

struct vma *vma_merge_around(struct vma_set *set, struct vma *v)
{
	struct vma *prev = v->list_prev, *next = v->list_next;

	if (prev && vma_can_merge(prev, v)) {
		vma_absorb(set, prev, v);
		v = prev;
	}
	if (next && vma_can_merge(v, next))
		vma_absorb(set, v, next);
	return v;
}

/* --- Gap search */

/* The first vma with start >= va, or NULL. */
static struct vma *first_starting_from(const struct vma_set *set, vaddr_t va)
{
	struct vma *n = set->root, *best = NULL;

	while (n) {
		if (n->start >= va) {
			best = n;
			n = n->tree_left;
		} else {
			n = n->tree_right;
		}
	}
	return best;
}

/*
 * The highest vma with start < limit and gap_before >= len, or NULL.
 * Walking down towards limit, each node we turn right at lies below limit
 * together with its left subtree; the last such node with a big enough gap
 * in itself or its left subtree is the best candidate.  Then down its left
 * subtree, always preferring the higher side.
 */
static struct vma *highest_gap_below(const struct vma_set *set, vaddr_t limit,
				     vaddr_t len)
{
	struct vma *n = set->root, *cand = NULL;

	while (n) {
		if (n->start < limit) {
			if (gap_before(n) >= len ||
			    subtree_gap(n->tree_left) >= len)
				cand = n;
			n = n->tree_right;
		} else {
			n = n->tree_left;
		}
	}
	if (!cand || gap_before(cand) >= len)
		return cand;
	for (n = cand->tree_left; n;) {
		if (subtree_gap(n->tree_right) >= len)
			n = n->tree_right;
		else if (gap_before(n) >= len)
			return n;
		else
			n = n->tree_left;
	}
	panic("vma_gap_topdown: subtree_gap promised a gap of %lu", len);
}

/* The mirror image: the lowest vma with start > limit and gap >= len. */
static struct vma *lowest_gap_above(const struct vma_set *set, vaddr_t limit,
				    vaddr_t len)
{
	struct vma *n = set->root, *cand = NULL;

	while (n) {
		if (n->start > limit) {
			if (gap_before(n) >= len ||
			    subtree_gap(n->tree_right) >= len)
				cand = n;
			n = n->tree_left;
		} else {
			n = n->tree_right;
		}
	}
	if (!cand || gap_before(cand) >= len)
		return cand;
	for (n = cand->tree_right; n;) {
		if (subtree_gap(n->tree_left) >= len)
			n = n->tree_left;
		else if (gap_before(n) >= len)
			return n;
		else
			n = n->tree_right;
	}
	panic("vma_gap_bottomup: subtree_gap promised a gap of %lu", len);
}

/*
 * Narrows [low, high) to the set's limits and to whole pages, rounds *len
 * up to pages.  Returns false if no hole of *len can fit at all.
 */
static bool gap_limits(const struct vma_set *set, size_t *len, vaddr_t *low,
		       vaddr_t *high)
{
	vaddr_t lo = MAX(MAX(*low, set->lo), PAGE_SIZE);
	vaddr_t hi = PAGE_ALIGN_DOWN(MIN(*high, set->hi));

	if (*len == 0 || lo >= hi)
		return false;
	lo = PAGE_ALIGN_UP(lo); /* cannot wrap: lo < hi, hi aligned */
	if (*len > hi - lo)
		return false;
	*len = PAGE_ALIGN_UP(*len);
	*low = lo;
	*high = hi;
	return true;
}

vaddr_t vma_gap_topdown(const struct vma_set *set, size_t len, vaddr_t low,
			vaddr_t high)
{
	struct vma *above, *below, *v;
	vaddr_t bottom;

	if (!gap_limits(set, &len, &low, &high))
		return 0;
	/* The hole reaching up to (or past) high, clipped to [low, high). */
	above = first_starting_from(set, high);
	below = above ? above->list_prev : set->last;
	bottom = MAX(below ? below->end : 0, low);
	if (bottom <= high && high - bottom >= len)
		return high - len;
	/* Holes wholly below high: the highest big enough, if above low. */
	v = highest_gap_below(set, high, len);
	if (!v || v->start < low || v->start - low < len)
		return 0;
	return v->start - len;
}

vaddr_t vma_gap_bottomup(const struct vma_set *set, size_t len, vaddr_t low,
			 vaddr_t high)
{
	struct vma *w, *v;
	vaddr_t bottom, top;

	if (!gap_limits(set, &len, &low, &high))
		return 0;
	/* The hole reaching down to (or past) low: the one below w. */
	w = first_starting_from(set, low + 1);
	bottom = MAX(w ? prev_end(w) : (set->last ? set->last->end : 0), low);
	top = w ? MIN(w->start, high) : high;
	if (bottom < top && top - bottom >= len)
		return bottom;
	if (!w)
		return 0;
	/* Holes wholly above low: the lowest big enough, else the top one. */
	v = lowest_gap_above(set, w->start, len);
	bottom = v ? prev_end(v) : set->last->end;
	if (bottom > high || high - bottom < len)
		return 0;
	return bottom;
}

/* --- Invariant check */

struct check_walk {
	const struct vma_set *set;
	const struct vma *expect;    /* the list's next vma, in tree order */
	const struct vma *seen_last; /* the last vma visited */
	unsigned long seen;
};

/* Checks the subtree at n, in order; returns its height. */
static int check_subtree(struct check_walk *w, const struct vma *n,
			 const struct vma *parent, int depth)
{
	int hl, hr;
	vaddr_t gap;

	if (!n)
		return 0;
	if (depth > VMA_MAX_HEIGHT)
		panic("vma_set_check: tree deeper than %d (a cycle?)", depth);
	if (n->tree_parent != parent)
		panic("vma_set_check: %lx: wrong parent", n->start);
	hl = check_subtree(w, n->tree_left, n, depth + 1);

	if (n != w->expect)
		panic("vma_set_check: %lx: tree order differs from list",
		      n->start);
	if (++w->seen > w->set->count)
		panic("vma_set_check: more vmas than count %lu", w->set->count);
	if (n->start >= n->end || !IS_PAGE_ALIGNED(n->start) ||
	    !IS_PAGE_ALIGNED(n->end))
		panic("vma_set_check: bad range [%lx, %lx)", n->start, n->end);
	if (n->list_prev && n->list_prev->end > n->start)
		panic("vma_set_check: %lx: overlaps or precedes prev",
		      n->start);
	if (n->list_next && n->list_next->list_prev != n)
		panic("vma_set_check: %lx: next->prev broken", n->start);
	w->expect = n->list_next;
	w->seen_last = n;

	hr = check_subtree(w, n->tree_right, n, depth + 1);
	if (hl - hr > 1 || hr - hl > 1)
		panic("vma_set_check: %lx: unbalanced (%d vs %d)", n->start, hl,
		      hr);
	if (n->tree_height != 1 + MAX(hl, hr))
		panic("vma_set_check: %lx: height %d, should be %d", n->start,
		      n->tree_height, 1 + MAX(hl, hr));
	gap = MAX(gap_before(n),
		  MAX(subtree_gap(n->tree_left), subtree_gap(n->tree_right)));
	if (n->subtree_gap != gap)
		panic("vma_set_check: %lx: subtree_gap %lx, should be %lx",
		      n->start, n->subtree_gap, gap);
	return n->tree_height;
}

/* The index, if built, files every vma under its start and no more. */
static void check_index(const struct vma_set *set)
{
	const struct vma_index *ix = &set->index;

	vma_index_check(ix);
	if (!ix->root)
		return;
	if (ix->entries != set->count)
		panic("vma_set_check: index holds %lu of %lu vmas", ix->entries,
		      set->count);
	for (struct vma *v = set->first; v; v = v->list_next)
		if (v->index_key != v->start ||
		    vma_index_floor(ix, v->start) != v ||
		    (v->start &&
		     vma_index_floor(ix, v->start - 1) != v->list_prev))
			panic("vma_set_check: index misfiles %lx", v->start);
}

void vma_set_check(const struct vma_set *set)
{
	struct check_walk w = {set, set->first, NULL, 0};

	if (set->first && set->first->list_prev)
		panic("vma_set_check: first vma has a prev");
	if (set->last && set->last->list_next)
		panic("vma_set_check: last vma has a next");
	check_subtree(&w, set->root, NULL, 0);
	if (w.expect)
		panic("vma_set_check: list longer than tree");
	if (w.seen != set->count)
		panic("vma_set_check: %lu vmas, count says %lu", w.seen,
		      set->count);
	if (set->last != w.seen_last)
		panic("vma_set_check: last is not the list's end");
	check_index(set);
}
