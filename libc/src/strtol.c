/*
 * String to number: strtol and friends, atoi, strtod.  One parser
 * (parse_digits) does the work for every integer version; they differ in
 * the limits they clamp to when the value overflows (errno ERANGE).
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>

static int digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/*
 * Parses [space][sign][0x]digits in base (0: decimal, octal after a
 * leading 0, hex after 0x).  Sets *neg and *overflow (the magnitude did
 * not fit in 64 bits); stores the end of the number in *end (s itself if
 * there were no digits).  Returns the magnitude.
 */
static unsigned long long parse_digits(const char *s, char **end, int base,
				       bool *neg, bool *overflow)
{
	const char *p = s;
	unsigned long long v = 0;
	bool any = false;

	*neg = false;
	*overflow = false;
	if (base < 0 || base == 1 || base > 36) {
		errno = EINVAL;
		if (end)
			*end = (char *)s;
		return 0;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		*neg = *p++ == '-';
	if ((base == 0 || base == 16) && p[0] == '0' &&
	    (p[1] == 'x' || p[1] == 'X') && digit_value(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = p[0] == '0' ? 8 : 10;
	}
	for (;; p++) {
		int d = digit_value((unsigned char)*p);

		if (d >= base)
			break;
		any = true;
		if (v > (ULLONG_MAX - d) / base)
			*overflow = true;
		else
			v = v * base + d;
	}
	if (end)
		*end = (char *)(any ? p : s);
	return v;
}

/* The signed versions: clamp to [min, max] with ERANGE. */
static long long to_signed(const char *s, char **end, int base, long long min,
			   long long max)
{
	bool neg, overflow;
	unsigned long long mag = parse_digits(s, end, base, &neg, &overflow);

	if (!neg && (overflow || mag > (unsigned long long)max)) {
		errno = ERANGE;
		return max;
	}
	if (neg && (overflow || mag > (unsigned long long)max + 1)) {
		errno = ERANGE;
		return min;
	}
	return neg ? (long long)-mag : (long long)mag;
}

/* The unsigned versions: "-n" is the negation of n, as C says. */
static unsigned long long to_unsigned(const char *s, char **end, int base,
				      unsigned long long max)
{
	bool neg, overflow;
	unsigned long long mag = parse_digits(s, end, base, &neg, &overflow);

	if (overflow || mag > max) {
		errno = ERANGE;
		return max;
	}
	return neg ? -mag & max : mag;
}

long strtol(const char *restrict s, char **restrict end, int base)
{
	return (long)to_signed(s, end, base, LONG_MIN, LONG_MAX);
}

long long strtoll(const char *restrict s, char **restrict end, int base)
{
	return to_signed(s, end, base, LLONG_MIN, LLONG_MAX);
}

intmax_t strtoimax(const char *restrict s, char **restrict end, int base)
{
	return to_signed(s, end, base, INTMAX_MIN, INTMAX_MAX);
}

unsigned long strtoul(const char *restrict s, char **restrict end, int base)
{
	return (unsigned long)to_unsigned(s, end, base, ULONG_MAX);
}

unsigned long long strtoull(const char *restrict s, char **restrict end,
			    int base)
{
	return to_unsigned(s, end, base, ULLONG_MAX);
}

uintmax_t strtoumax(const char *restrict s, char **restrict end, int base)
{
	return to_unsigned(s, end, base, UINTMAX_MAX);
}

int atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}

long atol(const char *s)
{
	return strtol(s, NULL, 10);
}

long long atoll(const char *s)
{
	return strtoll(s, NULL, 10);
}

static bool match_word(const char **p, const char *word)
{
	const char *q = *p;

	for (; *word; word++, q++) {
		if (tolower((unsigned char)*q) != *word)
			return false;
	}
	*p = q;
	return true;
}

/*
 * Decimal floating point: [space][sign]digits[.digits][e[sign]digits],
 * "inf", "infinity", "nan".  The first 19 significant digits are kept
 * exactly and the power of ten applied by repeated multiplication, so the
 * result can be off by an ulp or so from the correctly rounded value.
 */
double strtod(const char *restrict s, char **restrict end)
{
	const char *p = s;
	unsigned long long mant = 0;
	int ndigits = 0, exp10 = 0;
	bool neg = false, any = false;
	double v, scale = 10, pow10 = 1;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (match_word(&p, "inf")) {
		match_word(&p, "inity");
		v = __builtin_inf();
		goto done;
	}
	if (match_word(&p, "nan")) {
		v = __builtin_nan("");
		goto done;
	}
	for (; isdigit((unsigned char)*p); p++, any = true) {
		if (ndigits < 19) {
			mant = mant * 10 + (*p - '0');
			ndigits += mant != 0;
		} else {
			exp10++;
		}
	}
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p); p++, any = true) {
			if (ndigits < 19) {
				mant = mant * 10 + (*p - '0');
				ndigits += mant != 0;
				exp10--;
			}
		}
	}
	if (!any) {
		p = s;
		v = 0;
		goto done;
	}
	if (*p == 'e' || *p == 'E') {
		const char *q = p + 1;
		bool eneg = false;
		int e = 0;

		if (*q == '+' || *q == '-')
			eneg = *q++ == '-';
		if (isdigit((unsigned char)*q)) {
			for (; isdigit((unsigned char)*q); q++)
				e = e < 10000 ? e * 10 + (*q - '0') : e;
			exp10 += eneg ? -e : e;
			p = q;
		}
	}
	/* 10^|exp10| by squaring: exact up to 10^22, so one division or
	 * multiplication rounds the common cases correctly. */
	for (int e = exp10 < 0 ? -exp10 : exp10; e > 0; e >>= 1) {
		if (e & 1)
			pow10 *= scale;
		scale *= scale;
	}
	v = exp10 < 0 ? (double)mant / pow10 : (double)mant * pow10;
	if (v == __builtin_inf() || (v == 0 && mant != 0))
		errno = ERANGE;
done:
	if (end)
		*end = (char *)p;
	return neg ? -v : v;
}

float strtof(const char *restrict s, char **restrict end)
{
	return (float)strtod(s, end);
}

long double strtold(const char *restrict s, char **restrict end)
{
	return strtod(s, end);
}

double atof(const char *s)
{
	return strtod(s, NULL);
}
