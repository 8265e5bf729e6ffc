/*
 * t_stdio.c - printf formatting, snprintf, and stdio streams on files.
 *
 * Every expected string here is what glibc prints (checked on Linux), so
 * tide's libc must print the same.  Formatting is checked through snprintf
 * (return value and text); streams through /tmp files whose size is read
 * with stat() to see exactly when a buffer reaches the file.
 */
#include "utest.h"

#include <inttypes.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

/* snprintf(...) must produce want and return its length. */
#define EXPECT_FMT(want, ...)                                                  \
	do {                                                                   \
		char b_[512];                                                  \
		int n_ = snprintf(b_, sizeof(b_), __VA_ARGS__);                \
		if (strcmp(b_, want) != 0 || n_ != (int)strlen(want))          \
			UTEST_FAIL("snprintf(%s) = \"%s\" (%d), expected "     \
				   "\"%s\"",                                   \
				   #__VA_ARGS__, b_, n_, want);                \
	} while (0)

/* Sizes the compiler cannot see, so truncation is not a build warning. */
static volatile size_t size0 = 0, size1 = 1, size5 = 5, size6 = 6;
/* Values the compiler cannot see, for the narrowing length modifiers. */
static volatile int i200 = 200, i257 = 257, i300 = 300, i70000 = 70000;
static volatile int i_minus1 = -1, i0x12345 = 0x12345;
/* A NULL buffer and a format gcc would reject ('0' flag with precision). */
static char *volatile no_buffer;
static const char *volatile zero_flag_and_precision = "%08.3d";

static char path[64];

/* A fresh /tmp path for this process; removed by the case. */
static const char *temp_path(const char *tag)
{
	snprintf(path, sizeof(path), "/tmp/t_stdio.%d.%s", (int)getpid(), tag);
	return path;
}

static long file_size(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 ? (long)st.st_size : -1;
}

static void printf_signed_integers(void)
{
	EXPECT_FMT("0", "%d", 0);
	EXPECT_FMT("42", "%d", 42);
	EXPECT_FMT("-42", "%d", -42);
	EXPECT_FMT("17", "%i", 17);
	EXPECT_FMT("2147483647", "%d", INT_MAX);
	EXPECT_FMT("-2147483648", "%d", INT_MIN);
	EXPECT_FMT("-9223372036854775808", "%ld", LONG_MIN);
	EXPECT_FMT("9223372036854775807", "%lld", LLONG_MAX);
	EXPECT_FMT("-9223372036854775808", "%lli", LLONG_MIN);
	EXPECT_FMT("1 -2 3", "%d %d %d", 1, -2, 3);
}

static void printf_unsigned_hex_octal(void)
{
	EXPECT_FMT("4294967295", "%u", UINT_MAX);
	EXPECT_FMT("ff", "%x", 255);
	EXPECT_FMT("FF", "%X", 255);
	EXPECT_FMT("deadbeef", "%x", 0xdeadbeefU);
	EXPECT_FMT("10", "%o", 8);
	EXPECT_FMT("ffffffff", "%x", (unsigned)-1);
	EXPECT_FMT("ffffffffffffffff", "%lx", ULONG_MAX);
	EXPECT_FMT("18446744073709551615", "%llu", ULLONG_MAX);
	EXPECT_FMT("1777777777777777777777", "%llo", ULLONG_MAX);
	EXPECT_FMT("0", "%x", 0);
}

static void printf_alternate_form(void)
{
	EXPECT_FMT("0xff", "%#x", 255);
	EXPECT_FMT("0XFF", "%#X", 255);
	EXPECT_FMT("010", "%#o", 8);
	EXPECT_FMT("0", "%#x", 0); /* no 0x for zero */
	EXPECT_FMT("0", "%#o", 0);
	EXPECT_FMT("0x0000ff", "%#08x", 255);
	EXPECT_FMT("0xff    |", "%-#8x|", 255);
	EXPECT_FMT("  010", "%#5o", 8);
	EXPECT_FMT("0x001", "%#.3x", 1);
	EXPECT_FMT("010", "%#.3o", 8);
	EXPECT_FMT("001", "%#.3o", 1);
}

static void printf_sign_and_padding_flags(void)
{
	EXPECT_FMT("+42", "%+d", 42);
	EXPECT_FMT("-42", "%+d", -42);
	EXPECT_FMT("+0", "%+d", 0);
	EXPECT_FMT(" 42", "% d", 42);
	EXPECT_FMT("-42", "% d", -42);
	EXPECT_FMT("00042", "%05d", 42);
	EXPECT_FMT("-0042", "%05d", -42);
	EXPECT_FMT("+0042", "%+05d", 42);
	EXPECT_FMT(" 0042", "% 05d", 42);
	EXPECT_FMT("42   |", "%-5d|", 42);
	EXPECT_FMT("-42  |", "%-5d|", -42);
	EXPECT_FMT("+42  |", "%-+5d|", 42);
	EXPECT_FMT("000ff", "%05x", 255);
}

static void printf_width_and_precision(void)
{
	EXPECT_FMT("   42", "%5d", 42);
	EXPECT_FMT("12345", "%3d", 12345); /* width is a minimum */
	EXPECT_FMT("007", "%.3d", 7);
	EXPECT_FMT("  007", "%5.3d", 7);
	EXPECT_FMT("007  |", "%-5.3d|", 7);
	EXPECT_FMT("-0000000042", "%.10d", -42);
	EXPECT_FMT("     042", zero_flag_and_precision, 42); /* no 0 pad */
	EXPECT_FMT("", "%.0d", 0); /* zero with no digits */
	EXPECT_FMT("     |", "%5.0d|", 0);
	EXPECT_FMT("+", "%+.0d", 0);
	EXPECT_FMT("", "%.0x", 0);
	EXPECT_FMT("0", "%#.0o", 0);
	EXPECT_FMT("001", "%.3x", 1);
	EXPECT_FMT("1", "%.0d", 1);
}

static void printf_star_width_and_precision(void)
{
	EXPECT_FMT("   42", "%*d", 5, 42);
	EXPECT_FMT("42   |", "%-*d|", 5, 42);
	EXPECT_FMT("42   |", "%*d|", -5, 42); /* negative width: '-' flag */
	EXPECT_FMT("007", "%.*d", 3, 7);
	EXPECT_FMT("7", "%.*d", -1, 7); /* negative precision: none */
	EXPECT_FMT("   007", "%*.*d", 6, 3, 7);
	EXPECT_FMT("he", "%.*s", 2, "hello");
	EXPECT_FMT("   ab", "%*.*s", 5, 2, "abc");
}

static void printf_length_modifiers(void)
{
	EXPECT_FMT("44", "%hhd", i300);
	EXPECT_FMT("-56", "%hhd", i200);
	EXPECT_FMT("1", "%hhu", i257);
	EXPECT_FMT("ff", "%hhx", i_minus1);
	EXPECT_FMT("4464", "%hd", i70000);
	EXPECT_FMT("65535", "%hu", i_minus1);
	EXPECT_FMT("2345", "%hx", i0x12345);
	EXPECT_FMT("18446744073709551615", "%zu", SIZE_MAX);
	EXPECT_FMT("-1", "%zd", (ssize_t)-1);
	EXPECT_FMT("1000", "%zx", (size_t)4096);
	EXPECT_FMT("-9223372036854775808", "%jd", INTMAX_MIN);
	EXPECT_FMT("18446744073709551615", "%ju", UINTMAX_MAX);
	EXPECT_FMT("-5", "%td", (ptrdiff_t)-5);
	EXPECT_FMT("18446744073709551615", "%lu", ULONG_MAX);
	EXPECT_FMT("123456789abcdef", "%llx", 0x123456789abcdefULL);
	EXPECT_FMT("-1 255", "%" PRId64 " %" PRIu8, (int64_t)-1, (uint8_t)255);
	EXPECT_FMT("ffffffffffffffff", "%" PRIx64, UINT64_MAX);
}

static void printf_chars_and_strings(void)
{
	char b[8] = "xxxxxxx";

	EXPECT_FMT("A", "%c", 'A');
	EXPECT_FMT("  x|", "%3c|", 'x');
	EXPECT_FMT("x  |", "%-3c|", 'x');
	EXPECT_FMT("hi", "%s", "hi");
	EXPECT_FMT("   hi", "%5s", "hi");
	EXPECT_FMT("hi   |", "%-5s|", "hi");
	EXPECT_FMT("he", "%.2s", "hello");
	EXPECT_FMT("    a|", "%5.1s|", "abc");
	EXPECT_FMT("", "%s", "");
	EXPECT_FMT("[]", "[%s]", "");
	/* %c of 0 writes a NUL and counts it. */
	EXPECT_EQ(snprintf(b, sizeof(b), "%c%c", 'a', 0), 2);
	EXPECT(b[0] == 'a' && b[1] == '\0' && b[2] == '\0');
}

static void printf_pointers(void)
{
	EXPECT_FMT("(nil)", "%p", NULL);
	EXPECT_FMT("     (nil)", "%10p", NULL);
	EXPECT_FMT("0x1234", "%p", (void *)0x1234);
	EXPECT_FMT("    0x1234|", "%10p|", (void *)0x1234);
	EXPECT_FMT("0x1234    |", "%-10p|", (void *)0x1234);
	EXPECT_FMT("0xffffffffffffffff", "%p", (void *)UINTPTR_MAX);
	EXPECT_FMT("0x7ffffffff000", "%p", (void *)0x7ffffffff000UL);
}

static void printf_percent_and_mixed(void)
{
	EXPECT_FMT("%", "%%");
	EXPECT_FMT("100%", "100%%");
	EXPECT_FMT("5%", "%d%%", 5);
	EXPECT_FMT("a%b", "%c%%%c", 'a', 'b');
	EXPECT_FMT("pid=42 addr=0x7f00 name=init [   -7] ok",
		   "pid=%d addr=%#lx name=%s [%5d] %s", 42, 0x7f00UL, "init",
		   -7, "ok");
	EXPECT_FMT("00400000-00401000 r-xp 00001000 fe:00 123 ",
		   "%08lx-%08lx %s %08llx %02x:%02x %lu ", 0x400000UL,
		   0x401000UL, "r-xp", 0x1000ULL, 0xfe, 0, 123UL);
	EXPECT_FMT("VmRSS:\t    2016 kB", "%s:\t%8lu kB", "VmRSS", 2016UL);
	EXPECT_FMT("MemTotal:       24683656 kB", "%-16s%8lu kB",
		   "MemTotal:", 24683656UL);
}

static void snprintf_truncates_and_counts(void)
{
	char b[16];

	EXPECT_EQ(snprintf(b, size5, "hello world"), 11);
	EXPECT_STREQ(b, "hell");
	EXPECT_EQ(snprintf(b, size6, "hello"), 5); /* exact fit */
	EXPECT_STREQ(b, "hello");
	EXPECT_EQ(snprintf(b, size6, "%d", 123456), 6);
	EXPECT_STREQ(b, "12345");
	EXPECT_EQ(snprintf(b, size1, "abc"), 3);
	EXPECT_STREQ(b, "");
	memset(b, 'z', sizeof(b));
	EXPECT_EQ(snprintf(b, size0, "abc"), 3); /* writes nothing */
	EXPECT_EQ(b[0], 'z');
	EXPECT_EQ(snprintf(no_buffer, size0, "%d", 12345), 5);
	EXPECT_EQ(snprintf(no_buffer, size0, "%s%s", "ab", "cde"), 5);
}

static void snprintf_long_output(void)
{
	static char b[4096];
	size_t bad = 0;

	EXPECT_EQ(snprintf(b, sizeof(b), "%1000d", 7), 1000);
	EXPECT_EQ(strlen(b), 1000);
	for (int i = 0; i < 999; i++)
		bad += b[i] != ' ';
	EXPECT_EQ(bad, 0);
	EXPECT_EQ(b[999], '7');
	EXPECT_EQ(snprintf(b, sizeof(b), "%-3000s|", "x"), 3001);
	EXPECT_EQ(b[3000], '|');
	/* Longer than the buffer: still the full length. */
	EXPECT_EQ(snprintf(b, sizeof(b) + size0, "%5000d", 1), 5000);
	EXPECT_EQ(strlen(b), sizeof(b) - 1);
}

static void sscanf_parses_fields(void)
{
	unsigned long start = 0, end = 0, inode = 0, lu = 0;
	unsigned long long off = 0;
	unsigned int major = 0, minor = 0, x = 0;
	char perms[5] = "", word[16] = "";
	int d = 0, pos = 0, skip = 0;

	EXPECT_EQ(sscanf("42 ff hello 123456789012", "%d %x %15s %lu%n", &d, &x,
			 word, &lu, &pos),
		  4);
	EXPECT_EQ(d, 42);
	EXPECT_EQ(x, 0xff);
	EXPECT_STREQ(word, "hello");
	EXPECT_EQ(lu, 123456789012UL);
	EXPECT_EQ(pos, 24);
	EXPECT_EQ(sscanf("7f00-7f10 rw-p 00001000 fe:01 99   [heap]",
			 "%lx-%lx %4c %llx %x:%x %lu %n", &start, &end, perms,
			 &off, &major, &minor, &inode, &pos),
		  7);
	EXPECT_EQ(start, 0x7f00);
	EXPECT_EQ(end, 0x7f10);
	EXPECT(memcmp(perms, "rw-p", 4) == 0);
	EXPECT_EQ(off, 0x1000);
	EXPECT_EQ(major, 0xfe);
	EXPECT_EQ(minor, 1);
	EXPECT_EQ(inode, 99);
	EXPECT_EQ(pos, 35); /* %n after the spaces: the name's column */
	EXPECT_EQ(sscanf("abc", "%d", &d), 0);
	EXPECT_EQ(sscanf("", "%d", &d), EOF);
	EXPECT_EQ(sscanf("1 2", "%*d %d", &skip), 1);
	EXPECT_EQ(skip, 2);
	EXPECT_EQ(sscanf("-12", "%d", &d), 1);
	EXPECT_EQ(d, -12);
}

/*
 * file: "one\ntwo\n" + 100 'x' + "\nlast" (no final newline)
 */
static void fputs_fgets_round_trip(void)
{
	const char *p = temp_path("lines");
	char line[256], small[4], xs[101];
	FILE *f = fopen(p, "w");

	REQUIRE(f != NULL);
	memset(xs, 'x', 100);
	xs[100] = '\0';
	EXPECT_GE(fputs("one\ntwo\n", f), 0);
	EXPECT_GE(fputs(xs, f), 0);
	EXPECT_EQ(fprintf(f, "\n%s", "last"), 5);
	EXPECT_OK(fclose(f));
	EXPECT_EQ(file_size(p), 8 + 100 + 5);

	f = fopen(p, "r");
	REQUIRE(f != NULL);
	EXPECT(fgets(line, sizeof(line), f) == line);
	EXPECT_STREQ(line, "one\n");
	/* A small buffer takes size - 1 characters at a time. */
	EXPECT(fgets(small, sizeof(small), f) == small);
	EXPECT_STREQ(small, "two");
	EXPECT(fgets(small, sizeof(small), f) == small);
	EXPECT_STREQ(small, "\n");
	EXPECT(fgets(line, sizeof(line), f) == line);
	EXPECT_EQ(strlen(line), 101);
	EXPECT(fgets(line, sizeof(line), f) == line);
	EXPECT_STREQ(line, "last");
	/* At end of file: NULL, and the buffer is left alone. */
	strcpy(line, "kept");
	EXPECT(fgets(line, sizeof(line), f) == NULL);
	EXPECT_STREQ(line, "kept");
	EXPECT_OK(fclose(f));
	EXPECT_OK(unlink(p));
}

static void fopen_modes(void)
{
	const char *p = temp_path("modes");
	char line[64];
	FILE *f;

	unlink(p);
	errno = 0;
	EXPECT(fopen(p, "r") == NULL);
	EXPECT_EQ(errno, ENOENT);

	REQUIRE((f = fopen(p, "w")) != NULL);
	EXPECT_GE(fputs("first\n", f), 0);
	EXPECT_OK(fclose(f));
	REQUIRE((f = fopen(p, "a")) != NULL);
	EXPECT_GE(fputs("second\n", f), 0);
	EXPECT_OK(fclose(f));
	EXPECT_EQ(file_size(p), 13);

	REQUIRE((f = fopen(p, "r+")) != NULL);
	EXPECT(fgets(line, sizeof(line), f) == line);
	EXPECT_STREQ(line, "first\n");
	EXPECT_OK(fclose(f));

	REQUIRE((f = fopen(p, "w")) != NULL); /* "w" truncates */
	EXPECT_EQ(file_size(p), 0);
	EXPECT_OK(fclose(f));
	EXPECT_OK(unlink(p));
}

static void fprintf_counts_bytes(void)
{
	const char *p = temp_path("fprintf");
	FILE *f = fopen(p, "w");

	REQUIRE(f != NULL);
	EXPECT_EQ(fprintf(f, "%d-%s", 12345, "abc"), 9);
	EXPECT_EQ(fprintf(f, "%s", ""), 0);
	EXPECT_EQ(fprintf(f, "%3000d", 1), 3000);
	EXPECT_OK(fclose(f));
	EXPECT_EQ(file_size(p), 3009);
	EXPECT_OK(unlink(p));
}

static void write_then_exit(void *how)
{
	FILE *f = fopen(path, "w");

	if (!f)
		_exit(2);
	fputs("buffered", f);
	if (how)
		exit(0); /* flushes every stream */
	_exit(0);	 /* does not */
}

static void exit_flushes_stdio_but__exit_does_not(void)
{
	const char *p = temp_path("exit");

	EXPECT_EQ(utest_child_status(write_then_exit, (void *)1), 0);
	EXPECT_EQ(file_size(p), 8);
	EXPECT_EQ(utest_child_status(write_then_exit, NULL), 0);
	EXPECT_EQ(file_size(p), 0);
	EXPECT_OK(unlink(p));
}

static void setvbuf_unbuffered_writes_at_once(void)
{
	const char *p = temp_path("nbf");
	FILE *f = fopen(p, "w");

	REQUIRE(f != NULL);
	EXPECT_OK(setvbuf(f, NULL, _IONBF, 0));
	EXPECT_GE(fputs("abc", f), 0);
	EXPECT_EQ(file_size(p), 3);
	EXPECT_EQ(fprintf(f, "%d", 42), 2);
	EXPECT_EQ(file_size(p), 5);
	EXPECT_OK(fclose(f));
	EXPECT_OK(unlink(p));
}

static void setvbuf_full_buffer_waits_for_fflush(void)
{
	const char *p = temp_path("fbf");
	char buf[1024], xs[1501];
	FILE *f = fopen(p, "w");
	long size;

	REQUIRE(f != NULL);
	EXPECT_OK(setvbuf(f, buf, _IOFBF, sizeof(buf)));
	EXPECT_GE(fputs("abc\n", f), 0);
	EXPECT_EQ(file_size(p), 0); /* a newline does not flush */
	EXPECT_OK(fflush(f));
	EXPECT_EQ(file_size(p), 4);
	/* What the buffer cannot hold must reach the file. */
	memset(xs, 'x', 1500);
	xs[1500] = '\0';
	EXPECT_GE(fputs(xs, f), 0);
	size = file_size(p);
	EXPECT(size >= 4 + 1500 - 1024 && size <= 1504);
	EXPECT_OK(fclose(f));
	EXPECT_EQ(file_size(p), 1504);
	EXPECT_OK(unlink(p));
}

static void setvbuf_line_buffered_flushes_at_newline(void)
{
	const char *p = temp_path("lbf");
	char buf[1024];
	FILE *f = fopen(p, "w");

	REQUIRE(f != NULL);
	EXPECT_OK(setvbuf(f, buf, _IOLBF, sizeof(buf)));
	EXPECT_GE(fputs("abc", f), 0);
	EXPECT_EQ(file_size(p), 0);
	EXPECT_GE(fputs("def\n", f), 0);
	EXPECT_EQ(file_size(p), 7);
	EXPECT_GE(fputs("gh", f), 0);
	EXPECT_EQ(file_size(p), 7);
	EXPECT_OK(fclose(f));
	EXPECT_EQ(file_size(p), 9);
	EXPECT_OK(unlink(p));
}

static void setbuf_null_is_unbuffered(void)
{
	const char *p = temp_path("setbuf");
	FILE *f = fopen(p, "w");

	REQUIRE(f != NULL);
	setbuf(f, NULL);
	EXPECT_GE(fputs("x", f), 0);
	EXPECT_EQ(file_size(p), 1);
	EXPECT_OK(fclose(f));
	EXPECT_OK(unlink(p));
}

static void fflush_null_flushes_every_stream(void)
{
	char p1[64], p2[64];
	FILE *f1, *f2;

	snprintf(p1, sizeof(p1), "%s", temp_path("all1"));
	snprintf(p2, sizeof(p2), "%s", temp_path("all2"));
	REQUIRE((f1 = fopen(p1, "w")) != NULL);
	REQUIRE((f2 = fopen(p2, "w")) != NULL);
	EXPECT_GE(fputs("one", f1), 0);
	EXPECT_GE(fputs("three", f2), 0);
	EXPECT_EQ(file_size(p1), 0);
	EXPECT_OK(fflush(NULL));
	EXPECT_EQ(file_size(p1), 3);
	EXPECT_EQ(file_size(p2), 5);
	EXPECT_OK(fclose(f1));
	EXPECT_OK(fclose(f2));
	EXPECT_OK(unlink(p1));
	EXPECT_OK(unlink(p2));
}

static const struct utest_case cases[] = {
    UTEST(printf_signed_integers),
    UTEST(printf_unsigned_hex_octal),
    UTEST(printf_alternate_form),
    UTEST(printf_sign_and_padding_flags),
    UTEST(printf_width_and_precision),
    UTEST(printf_star_width_and_precision),
    UTEST(printf_length_modifiers),
    UTEST(printf_chars_and_strings),
    UTEST(printf_pointers),
    UTEST(printf_percent_and_mixed),
    UTEST(snprintf_truncates_and_counts),
    UTEST(snprintf_long_output),
    UTEST(sscanf_parses_fields),
    UTEST(fputs_fgets_round_trip),
    UTEST(fopen_modes),
    UTEST(fprintf_counts_bytes),
    UTEST(exit_flushes_stdio_but__exit_does_not),
    UTEST(setvbuf_unbuffered_writes_at_once),
    UTEST(setvbuf_full_buffer_waits_for_fflush),
    UTEST(setvbuf_line_buffered_flushes_at_newline),
    UTEST(setbuf_null_is_unbuffered),
    UTEST(fflush_null_flushes_every_stream),
};

int main(void)
{
	return utest_main(cases, UTEST_COUNT(cases));
}
