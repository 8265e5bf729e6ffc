/*
 * kernel/lib/format.c against the host C library: every case formats the
 * same arguments with glibc's snprintf and with fmt_snprintf and expects
 * the same text and the same return value.  Most cases are generated: all
 * flag combinations times widths, precisions, conversions and length
 * modifiers over values at the edges of each type.
 */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "lib/format.h"
#include "tap.h"

static int mismatches;

static void report(int line, const char *fmt, const char *want, int nwant,
		   const char *got, int ngot)
{
	if (nwant == ngot && strcmp(want, got) == 0)
		return;
	tap_case_failed = 1;
	if (mismatches++ < 20)
		printf("#   line %d: format \"%s\": glibc \"%s\" (%d), "
		       "tide \"%s\" (%d)\n",
		       line, fmt, want, nwant, got, ngot);
}

/* Formats with both implementations and compares; fmt must be the first
 * of the variadic arguments. */
#define SAME(...)                                                              \
	do {                                                                   \
		char want_[512], got_[512];                                    \
		int nwant_ = snprintf(want_, sizeof(want_), __VA_ARGS__);      \
		int ngot_ = fmt_snprintf(got_, sizeof(got_), __VA_ARGS__);     \
		report(__LINE__, first_arg(__VA_ARGS__, 0), want_, nwant_,     \
		       got_, ngot_);                                           \
	} while (0)
#define first_arg(a, ...) (a)

static const char *const flag_sets[] = {
    "",	  "-",	"+",  " ",  "0",  "#",	 "-+",	"- ",  "-0",  "-#",    "+ ",
    "+0", "+#", " 0", " #", "0#", "-+ ", "-+0", "+0#", " 0#", "-+ 0#",
};
static const char *const widths[] = {"", "1", "2", "5", "12", "25"};
static const char *const precs[] = {"", ".", ".0", ".1", ".3", ".10", ".22"};

static void build(char *out, const char *flags, const char *width,
		  const char *prec, const char *len, char conv)
{
	snprintf(out, 32, "%%%s%s%s%s%c", flags, width, prec, len, conv);
}

static const long long values[] = {
    0,	       1,	  -1,	    7,	      8,
    42,	       -42,	  127,	    128,      -128,
    255,       256,	  32767,    -32768,   65535,
    65536,     INT_MAX,	  INT_MIN,  UINT_MAX, 0x123456789abcdefLL,
    LLONG_MAX, LLONG_MIN, -1000000, 1000000,  0x7fffffffffLL,
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Splits a combined loop counter into indexes: the next digit of k in
 * base n. */
static size_t pick(size_t *k, size_t n)
{
	size_t digit = *k % n;

	*k /= n;
	return digit;
}

/* Every flag set x width x precision x integer conversion x length x
 * value, as one loop over the product. */
static void format_integers_generated(void)
{
	static const char *const lens[] = {"",	 "hh", "h", "l",
					   "ll", "z",  "t", "j"};
	static const char convs[] = "diouxX";
	size_t total = NELEM(flag_sets) * NELEM(widths) * NELEM(precs) *
		       (sizeof(convs) - 1) * NELEM(lens) * NELEM(values);
	char f[32];

	for (size_t i = 0; i < total; i++) {
		size_t k = i;
		const char *flags = flag_sets[pick(&k, NELEM(flag_sets))];
		const char *width = widths[pick(&k, NELEM(widths))];
		const char *prec = precs[pick(&k, NELEM(precs))];
		char conv = convs[pick(&k, sizeof(convs) - 1)];
		size_t l = pick(&k, NELEM(lens));
		long long x = values[pick(&k, NELEM(values))];

		build(f, flags, width, prec, lens[l], conv);
		if (l >= 3) /* l ll z t j: a 64-bit argument */
			SAME(f, x);
		else
			SAME(f, (int)x);
	}
}

static void format_strings_generated(void)
{
	static const char *const strs[] = {"", "a", "hello", "hello, world",
					   NULL};
	static const char *const sflags[] = {"", "-", " ", "+", "#"};
	size_t total =
	    NELEM(sflags) * NELEM(widths) * NELEM(precs) * NELEM(strs);
	char f[32];

	for (size_t i = 0; i < total; i++) {
		size_t k = i;
		const char *flags = sflags[pick(&k, NELEM(sflags))];
		const char *width = widths[pick(&k, NELEM(widths))];
		const char *prec = precs[pick(&k, NELEM(precs))];
		size_t s = pick(&k, NELEM(strs));

		build(f, flags, width, prec, "", 's');
		SAME(f, strs[s]);
		build(f, flags, width, "", "", 'c');
		SAME(f, 'A' + (int)s);
	}
}

static void format_pointers_generated(void)
{
	static void *const ptrs[] = {NULL, (void *)1, (void *)0x400000,
				     (void *)0x7ffff7a3c010,
				     (void *)UINTPTR_MAX};
	static const char *const pflags[] = {"", "-", "+", " ", "#"};
	size_t total = NELEM(pflags) * NELEM(widths) * NELEM(ptrs);
	char f[32];

	for (size_t i = 0; i < total; i++) {
		size_t k = i;
		const char *flags = pflags[pick(&k, NELEM(pflags))];
		const char *width = widths[pick(&k, NELEM(widths))];

		void *ptr = ptrs[pick(&k, NELEM(ptrs))];

		build(f, flags, width, "", "", 'p');
		SAME(f, ptr); /* SAME evaluates its arguments twice */
	}
}

static void format_literal_text_and_percent(void)
{
	SAME("%s", "");
	SAME("plain text");
	SAME("100%%");
	SAME("%% %d %%", 5);
	SAME("a%cb", 'x');
	SAME("[%d|%s|%c|%x]", -3, "mid", 'q', 255u);
	SAME("%s=%lu kB\n", "VmRSS", 2016ul);
}

static void format_star_width_and_precision(void)
{
	SAME("%*d", 6, 42);
	SAME("%-*d|", 6, 42);
	SAME("%*d|", -6, 42);
	SAME("%.*d", 5, 42);
	SAME("%.*d", -1, 42);
	SAME("%*.*x", 10, 4, 0xabu);
	SAME("%.*s", 3, "abcdef");
	SAME("%*s|", -8, "ab");
	SAME("%0*d", 8, -17);
}

static void format_maps_line_like_linux(void)
{
	unsigned long start = 0x400000, end = 0x401000;
	unsigned long long off = 0x1000;

	SAME("%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu ", start, end, 'r', '-',
	     'x', 'p', off, 8u, 1u, 6598ul);
	SAME("%08lx-%08lx", 0x7ffd55e7d000ul, 0x7ffd55e9e000ul);
	SAME("%-73s|", "01254000-01275000 rw-p 00000000 00:00 0");
	SAME("%8lu kB", 3904ul);
}

/* The count returned is the full length even when the buffer is short,
 * and the output is always terminated. */
static void vsnprintf_truncates_and_counts(void)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(fmt_snprintf(buf, 5, "%s", "abcdefgh"), 8);
	CHECK(strcmp(buf, "abcd") == 0);
	CHECK_EQ(buf[5], 'x');
	CHECK_EQ(fmt_snprintf(buf, 1, "%d", 12345), 5);
	CHECK_EQ(buf[0], '\0');
	buf[0] = 'z';
	CHECK_EQ(fmt_snprintf(buf, 0, "%d", 12345), 5);
	CHECK_EQ(buf[0], 'z');
	CHECK_EQ(fmt_snprintf(NULL, 0, "%s-%s", "ab", "cd"), 5);
	CHECK_EQ(fmt_snprintf(buf, sizeof(buf), "1234567"), 7);
	CHECK(strcmp(buf, "1234567") == 0);
}

struct collect {
	char text[64];
	size_t len;
	int calls;
};

static void collect_emit(void *ctx, const char *s, size_t n)
{
	struct collect *c = ctx;

	memcpy(c->text + c->len, s, n);
	c->len += n;
	c->calls++;
}

static int vformat_into(struct collect *c, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vformat(collect_emit, c, fmt, ap);
	va_end(ap);
	return n;
}

static void vformat_emits_pieces_and_counts(void)
{
	struct collect c = {{0}, 0, 0};

	CHECK_EQ(vformat_into(&c, "pid %d: %s%5s", 12, "ok", "x"), 15);
	CHECK_EQ(c.len, 15);
	CHECK(memcmp(c.text, "pid 12: ok    x", 15) == 0);
	CHECK(c.calls > 1);
}

/* Without fmt_float_hook (the kernel's case) a float conversion is
 * printed as written and its argument is not consumed. */
static void float_without_hook_prints_spec(void)
{
	const char *fmt = "[%5.2f]%d"; /* not a literal: gcc would object */
	char buf[32];

	fmt_float_hook = NULL;
	fmt_snprintf(buf, sizeof(buf), fmt, 7);
	CHECK(strcmp(buf, "[%5.2f]7") == 0);
}

int main(void)
{
	static const struct tap_case cases[] = {
	    TAP_CASE(format_literal_text_and_percent),
	    TAP_CASE(format_integers_generated),
	    TAP_CASE(format_strings_generated),
	    TAP_CASE(format_pointers_generated),
	    TAP_CASE(format_star_width_and_precision),
	    TAP_CASE(format_maps_line_like_linux),
	    TAP_CASE(vsnprintf_truncates_and_counts),
	    TAP_CASE(vformat_emits_pieces_and_counts),
	    TAP_CASE(float_without_hook_prints_spec),
	};

	return tap_run(cases, sizeof(cases) / sizeof(cases[0]));
}
