/*
 * kernel/lib/string.c: each function against its C standard contract,
 * over all small alignments and lengths (the word loops in memcpy and
 * memset have head, body and tail cases), plus overlap for memmove.
 * This file is linked with kernel/lib/string.c, whose definitions take
 * the place of the host C library's.
 */
#include <stdint.h>

#include "lib/string.h"
#include "tap.h"

/* Hides a constant from the compiler, so calls below reach string.c
 * instead of being folded or inlined as builtins. */
static const char *launder(const char *s)
{
	const char *volatile v = s;

	return v;
}
#define L(s) launder(s)

static unsigned char src_buf[160], dst_buf[160], ref_buf[160];

static void fill_pattern(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + i * 7);
}

/* Byte-by-byte reference copy, so the check does not trust memcpy. */
static void ref_copy(unsigned char *d, const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		d[i] = s[i];
}

static int same_bytes(const unsigned char *a, const unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (a[i] != b[i])
			return 0;
	}
	return 1;
}

static void memcpy_all_alignments_and_lengths(void)
{
	for (size_t so = 0; so < 8; so++)
		for (size_t d_off = 0; d_off < 8; d_off++)
			for (size_t n = 0; n < 64; n++) {
				fill_pattern(src_buf, sizeof(src_buf),
					     (unsigned)(n + so));
				fill_pattern(dst_buf, sizeof(dst_buf), 0xa5);
				ref_copy(ref_buf, dst_buf, sizeof(ref_buf));
				ref_copy(ref_buf + d_off, src_buf + so, n);
				CHECK(memcpy(dst_buf + d_off, src_buf + so,
					     n) == dst_buf + d_off);
				CHECK(same_bytes(dst_buf, ref_buf,
						 sizeof(ref_buf)));
			}
}

static void memset_all_alignments_and_lengths(void)
{
	for (size_t off = 0; off < 8; off++)
		for (size_t n = 0; n < 64; n++) {
			fill_pattern(dst_buf, sizeof(dst_buf), 3);
			ref_copy(ref_buf, dst_buf, sizeof(ref_buf));
			for (size_t i = 0; i < n; i++)
				ref_buf[off + i] = 0xfe;
			CHECK(memset(dst_buf + off, 0x1fe, n) == dst_buf + off);
			CHECK(same_bytes(dst_buf, ref_buf, sizeof(ref_buf)));
		}
}

/*  Overlapping moves in both directions:
 *    forward:  [src....]          backward:      [src....]
 *                 [dst....]                  [dst....]          */
static void memmove_overlap_both_ways(void)
{
	for (size_t so = 0; so < 24; so++)
		for (size_t d_off = 0; d_off < 24; d_off++)
			for (size_t n = 0; n < 40; n++) {
				unsigned char tmp[64];

				fill_pattern(dst_buf, sizeof(dst_buf),
					     (unsigned)n);
				ref_copy(ref_buf, dst_buf, sizeof(ref_buf));
				ref_copy(tmp, ref_buf + so, n);
				ref_copy(ref_buf + d_off, tmp, n);
				CHECK(memmove(dst_buf + d_off, dst_buf + so,
					      n) == dst_buf + d_off);
				CHECK(same_bytes(dst_buf, ref_buf,
						 sizeof(ref_buf)));
			}
}

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

static void memcmp_orders_as_unsigned_bytes(void)
{
	CHECK_EQ(memcmp(L("abc"), L("abc"), 3), 0);
	CHECK_EQ(memcmp(L("abc"), L("abd"), 0), 0);
	CHECK_EQ(sign(memcmp(L("abc"), L("abd"), 3)), -1);
	CHECK_EQ(sign(memcmp(L("abd"), L("abc"), 3)), 1);
	CHECK_EQ(sign(memcmp(L("\x80"), L("\x01"), 1)), 1);  /* unsigned */
	CHECK_EQ(sign(memcmp(L("a\0x"), L("a\0y"), 3)), -1); /* past NULs */
}

static void memchr_finds_first_within_n(void)
{
	const char *s = L("hello\0world");

	CHECK(memchr(s, 'l', 11) == s + 2);
	CHECK(memchr(s, 'w', 11) == s + 6);
	CHECK(memchr(s, 'w', 6) == NULL);
	CHECK(memchr(s, 'h' + 256, 5) == s); /* c converts to unsigned char */
	CHECK(memchr(s, 'x', 0) == NULL);
}

static void strlen_and_strnlen(void)
{
	CHECK_EQ(strlen(L("")), 0);
	CHECK_EQ(strlen(L("tide")), 4);
	CHECK_EQ(strnlen(L("tide"), 2), 2);
	CHECK_EQ(strnlen(L("tide"), 10), 4);
	CHECK_EQ(strnlen(L("tide"), 0), 0);
}

static void strcmp_and_strncmp(void)
{
	CHECK_EQ(strcmp(L(""), L("")), 0);
	CHECK_EQ(strcmp(L("abc"), L("abc")), 0);
	CHECK_EQ(sign(strcmp(L("abc"), L("abcd"))), -1);
	CHECK_EQ(sign(strcmp(L("abcd"), L("abc"))), 1);
	CHECK_EQ(sign(strcmp(L("a"), L("\xff"))), -1); /* unsigned chars */
	CHECK_EQ(strncmp(L("abcX"), L("abcY"), 3), 0);
	CHECK_EQ(sign(strncmp(L("abcX"), L("abcY"), 4)), -1);
	CHECK_EQ(strncmp(L("ab"), L("ab"), 10), 0);
	CHECK_EQ(strncmp(L("x"), L("y"), 0), 0);
	CHECK_EQ(sign(strncmp(L("ab"), L("abc"), 5)), -1);
}

static void strcpy_strncpy_strlcpy(void)
{
	char buf[8];

	CHECK(strcpy(buf, L("tide")) == buf);
	CHECK(memcmp(buf, "tide", 5) == 0);

	memset(buf, 'x', sizeof(buf));
	CHECK(strncpy(buf, L("ab"), 5) == buf);
	CHECK(memcmp(buf, "ab\0\0\0xxx", 8) == 0); /* padded to n */
	memset(buf, 'x', sizeof(buf));
	strncpy(buf, L("abcdef"), 3);
	CHECK(memcmp(buf, "abcxxxxx", 8) == 0); /* not terminated */

	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(strlcpy(buf, L("abcdefghij"), 4), 10);
	CHECK(memcmp(buf, "abc\0xxxx", 8) == 0);
	CHECK_EQ(strlcpy(buf, L("ab"), sizeof(buf)), 2);
	CHECK(memcmp(buf, "ab\0", 3) == 0);
	buf[0] = 'q';
	CHECK_EQ(strlcpy(buf, L("ab"), 0), 2);
	CHECK_EQ(buf[0], 'q');
}

static void strchr_and_strrchr(void)
{
	const char *s = L("a/b/c");

	CHECK(strchr(s, '/') == s + 1);
	CHECK(strrchr(s, '/') == s + 3);
	CHECK(strchr(s, 'z') == NULL);
	CHECK(strrchr(s, 'z') == NULL);
	CHECK(strchr(s, '\0') == s + 5); /* the NUL is part of the string */
	CHECK(strrchr(s, '\0') == s + 5);
	CHECK(strchr(s, 'a' + 256) == s);
}

static void strstr_finds_first_match(void)
{
	const char *s = L("aaab aab ab");

	CHECK(strstr(s, L("ab")) == s + 2);
	CHECK(strstr(s, L("aab")) == s + 1);
	CHECK(strstr(s, L(" ab")) == s + 8);
	CHECK(strstr(s, L("abc")) == NULL);
	CHECK(strstr(s, L("")) == s);
	CHECK(strstr(L(""), L("a")) == NULL);
	CHECK(strstr(L("[heap]"), L("heap")) != NULL);
}

int main(void)
{
	static const struct tap_case cases[] = {
	    TAP_CASE(memcpy_all_alignments_and_lengths),
	    TAP_CASE(memset_all_alignments_and_lengths),
	    TAP_CASE(memmove_overlap_both_ways),
	    TAP_CASE(memcmp_orders_as_unsigned_bytes),
	    TAP_CASE(memchr_finds_first_within_n),
	    TAP_CASE(strlen_and_strnlen),
	    TAP_CASE(strcmp_and_strncmp),
	    TAP_CASE(strcpy_strncpy_strlcpy),
	    TAP_CASE(strchr_and_strrchr),
	    TAP_CASE(strstr_finds_first_match),
	};

	return tap_run(cases, sizeof(cases) / sizeof(cases[0]));
}
