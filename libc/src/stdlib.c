/* Small stdlib functions: integer arithmetic, sorting, searching and
 * pseudo-random numbers. */
#include <inttypes.h>
#include <stdlib.h>

int abs(int j)
{
	return j < 0 ? -j : j;
}

long labs(long j)
{
	return j < 0 ? -j : j;
}

long long llabs(long long j)
{
	return j < 0 ? -j : j;
}

intmax_t imaxabs(intmax_t j)
{
	return j < 0 ? -j : j;
}

div_t div(int num, int den)
{
	div_t r = {num / den, num % den};

	return r;
}

ldiv_t ldiv(long num, long den)
{
	ldiv_t r = {num / den, num % den};

	return r;
}

lldiv_t lldiv(long long num, long long den)
{
	lldiv_t r = {num / den, num % den};

	return r;
}

static void swap_bytes(char *a, char *b, size_t size)
{
	while (size-- > 0) {
		char t = *a;

		*a++ = *b;
		*b++ = t;
	}
}

/* Moves element i down the max-heap of n elements until it is in order. */
static void sift_down(char *base, size_t i, size_t n, size_t size,
		      int (*compar)(const void *, const void *))
{
	for (;;) {
		size_t big = i, l = 2 * i + 1, r = l + 1;

		if (l < n && compar(base + l * size, base + big * size) > 0)
			big = l;
		if (r < n && compar(base + r * size, base + big * size) > 0)
			big = r;
		if (big == i)
			return;
		swap_bytes(base + i * size, base + big * size, size);
		i = big;
	}
}

/* Heapsort: O(n log n) in the worst case, no recursion, no allocation;
 * not stable (neither C nor POSIX asks qsort to be). */
void qsort(void *base, size_t nmemb, size_t size,
	   int (*compar)(const void *, const void *))
{
	char *b = base;

	if (nmemb < 2 || size == 0)
		return;
	for (size_t i = nmemb / 2; i-- > 0;)
		sift_down(b, i, nmemb, size, compar);
	for (size_t n = nmemb - 1; n > 0; n--) {
		swap_bytes(b, b + n * size, size);
		sift_down(b, 0, n, size, compar);
	}
}

void *bsearch(const void *key, const void *base, size_t nmemb, size_t size,
	      int (*compar)(const void *, const void *))
{
	const char *b = base;
	size_t lo = 0, hi = nmemb;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = compar(key, b + mid * size);

		if (c == 0)
			return (void *)(b + mid * size);
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* A 64-bit linear congruential generator (Knuth's MMIX constants); rand
 * returns its top 31 bits.  Not glibc's sequence. */
static uint64_t rand_state = 1;

void srand(unsigned int seed)
{
	rand_state = seed;
}

int rand(void)
{
	rand_state =
	    rand_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (int)(rand_state >> 33);
}

int rand_r(unsigned int *seed)
{
	uint64_t s = *seed * 6364136223846793005ULL + 1442695040888963407ULL;

	*seed = (unsigned int)(s >> 32);
	return (int)(s >> 33);
}

long random(void)
{
	return rand();
}

void srandom(unsigned int seed)
{
	srand(seed);
}
