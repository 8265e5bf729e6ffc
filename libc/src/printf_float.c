/*
 * Floating-point conversions for printf (%f %F %e %E %g %G %a %A), plugged
 * into kernel/lib/format.c through fmt_float_hook by start.c.  The kernel
 * has no floating point, so this lives in libc only.
 *
 * Decimal digits are round(x * 10^k) for the k that gives the digits
 * wanted, with at most 18 computed.  For 10^k up to 10^27, and for
 * integers below 2^64, that rounding is exact (Dekker's product, integer
 * division), so output matches glibc's; only 16-17 digit output of
 * numbers beyond 1e27 or below 1e-27 may differ in the last digit, and
 * digits past the 18th print as zeros where glibc prints the binary
 * value's exact expansion.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "lib/format.h"

#define MAX_DIGITS 18 /* significant digits computed exactly */
#define MAX_PREC   400
#define OUT_SIZE   (MAX_PREC + 340)

static long double pow10l_int(int k);

static uint64_t double_bits(double x)
{
	union {
		double d;
		uint64_t u;
	} v = {x};

	return v.u;
}

static long double pow10l_int(int k)
{
	long double r = 1, base = 10;

	for (; k > 0; k >>= 1) {
		if (k & 1)
			r *= base;
		base *= base;
	}
	return r;
}

/* 10^k for any sign of k. */
static long double pow10l_signed(int k)
{
	return k >= 0 ? pow10l_int(k) : 1 / pow10l_int(-k);
}

/*
 * a * b exactly, as hi + lo (Dekker's product): each factor is split into
 * two halves of 32 bits so the partial products are exact in long double.
 * Used with b an exact power of ten (at most 10^27).
 */
static void exact_mul(long double a, long double b, long double *hi,
		      long double *lo)
{
	const long double split = 4294967297.0L; /* 2^32 + 1 */
	long double ca = split * a, cb = split * b;
	long double ah = ca - (ca - a), al = a - ah;
	long double bh = cb - (cb - b), bl = b - bh;

	*hi = a * b;
	*lo = ((ah * bh - *hi) + ah * bl + al * bh) + al * bl;
}

/* Rounds hi + lo (>= 0, < 2^64) to the nearest integer, ties to even. */
static uint64_t round_even(long double hi, long double lo)
{
	uint64_t n = (uint64_t)hi;
	long double frac = (hi - (long double)n) + lo;

	if (frac < 0) {
		n--;
		frac += 1;
	}
	if (frac > 0.5L || (frac == 0.5L && (n & 1)))
		n++;
	return n;
}

/* round(x * 10^k), exactly when 10^k is (k <= 27). */
static uint64_t round_scaled(double x, int k)
{
	long double hi, lo;

	if (k > 27)
		return round_even(x * pow10l_int(k), 0);
	exact_mul(x, pow10l_int(k), &hi, &lo);
	return round_even(hi, lo);
}

/*
 * round(x / 10^k) for 0 <= x < 2^64, ties to even, exactly: x is split
 * into its integer part u and fraction f, and the remainder of u decides
 * with f, compared through integers where they could tie.
 */
static uint64_t round_div(double x, int k)
{
	uint64_t u = (uint64_t)x, d = 1, q, r;
	double f2 = 2 * (x - (double)u); /* 2f, exact, in [0, 2) */
	int64_t diff;			 /* 2r - d */
	bool up, tie;

	while (k-- > 0)
		d *= 10;
	q = u / d;
	r = u % d;
	if (d > (1ULL << 62)) { /* then x >= 2^53: f is 0 */
		up = r > d - r;
		tie = r == d - r;
	} else {
		diff = (int64_t)(2 * r) - (int64_t)d;
		up = diff >= 1 || (diff == 0 && f2 > 0) ||
		     (diff == -1 && f2 > 1);
		tie = (diff == 0 && f2 == 0) || (diff == -1 && f2 == 1);
	}
	if (up || (tie && (q & 1)))
		q++;
	return q;
}

/*
 * Writes the first ndig significant digits of x > 0 (rounded) into out
 * (padding with '0' beyond MAX_DIGITS) and returns the decimal exponent
 * E of the first digit: x ~= d.ddd * 10^E.
 */
static int sig_digits(double x, int ndig, char *out)
{
	int e2 = (int)((double_bits(x) >> 52) & 0x7ff) - 1023;
	int e10 = (int)(e2 * 0.30102999566398120L);
	int n = ndig < MAX_DIGITS ? ndig : MAX_DIGITS;
	int k;
	uint64_t v;

	if (e2 == -1023) /* subnormal */
		e10 = -308;
	/* Make the estimate exact: 10^e10 <= x < 10^(e10+1). */
	while (e10 > -330 && x < pow10l_signed(e10))
		e10--;
	while (x >= pow10l_signed(e10 + 1))
		e10++;
	for (;;) {
		k = n - 1 - e10; /* v = round(x * 10^k) has n digits */
		if (k >= 0)
			v = round_scaled(x, k);
		else if (x < 18446744073709551616.0)
			v = round_div(x, -k);
		else
			v = round_even(x / pow10l_int(-k), 0);
		if (v >= (uint64_t)pow10l_int(n)) { /* 9.99.. rounded to 10 */
			v /= 10;
			e10++;
		}
		if (v >= (uint64_t)pow10l_int(n - 1) || e10 < -340)
			break;
		e10--; /* the estimate was one too high */
	}
	for (int i = n - 1; i >= 0; i--, v /= 10)
		out[i] = (char)('0' + v % 10);
	for (int i = n; i < ndig; i++)
		out[i] = '0';
	return e10;
}

/*
 * %f body of x >= 0 with prec digits after the point; returns length.
 * The digits are those of round(x * 10^prec), a point inserted prec
 * digits from the right.
 */
static int fixed_body(double x, int prec, bool alt, char *out)
{
	char digits[OUT_SIZE];
	long double scaled = x * pow10l_int(prec);
	int n, len = 0;

	if (scaled < 1e18L) {
		/* Small enough to round exactly as an integer. */
		uint64_t v = round_scaled(x, prec);

		n = 0;
		do {
			digits[n++] = (char)('0' + v % 10);
			v /= 10;
		} while (v > 0);
		while (n < prec + 1)
			digits[n++] = '0';
		for (int i = 0; i < n / 2; i++) { /* most significant first */
			char t = digits[i];

			digits[i] = digits[n - 1 - i];
			digits[n - 1 - i] = t;
		}
	} else {
		/* Many digits: E + 1 before the point, prec after. */
		int e10 = sig_digits(x, MAX_DIGITS, digits);
		int want = e10 + 1 + prec;

		n = want;
		if (sig_digits(x, want, digits) > e10)
			digits[n++] =
			    '0'; /* rounding carried into a new digit */
	}
	memcpy(out, digits, (size_t)(n - prec));
	len = n - prec;
	if (prec > 0 || alt)
		out[len++] = '.';
	memcpy(out + len, digits + n - prec, (size_t)prec);
	return len + prec;
}

/* %e body of x >= 0; returns length. */
static int exp_body(double x, int prec, bool alt, bool upper, char *out)
{
	char digits[OUT_SIZE];
	int len = 0, e10 = 0;

	if (x == 0)
		memset(digits, '0', (size_t)prec + 1);
	else
		e10 = sig_digits(x, prec + 1, digits);
	out[len++] = digits[0];
	if (prec > 0 || alt)
		out[len++] = '.';
	memcpy(out + len, digits + 1, (size_t)prec);
	len += prec;
	out[len++] = upper ? 'E' : 'e';
	out[len++] = e10 < 0 ? '-' : '+';
	if (e10 < 0)
		e10 = -e10;
	if (e10 >= 100)
		out[len++] = (char)('0' + e10 / 100);
	out[len++] = (char)('0' + e10 / 10 % 10);
	out[len++] = (char)('0' + e10 % 10);
	return len;
}

/* Removes trailing zeros after a '.' (and the '.' itself) in [0, len),
 * keeping anything from an exponent letter on. */
static int strip_zeros(char *out, int len)
{
	int mant_end = len, end;
	char *dot = memchr(out, '.', (size_t)len);

	if (dot == NULL)
		return len;
	for (int i = 0; i < len; i++) {
		if (out[i] == 'e' || out[i] == 'E') {
			mant_end = i;
			break;
		}
	}
	end = mant_end;
	while (end > 0 && out[end - 1] == '0')
		end--;
	if (end > 0 && out[end - 1] == '.')
		end--;
	memmove(out + end, out + mant_end, (size_t)(len - mant_end));
	return end + (len - mant_end);
}

/* %g: %e if the exponent is < -4 or >= the precision, else %f. */
static int general_body(double x, int prec, bool alt, bool upper, char *out)
{
	char digits[MAX_DIGITS + 1];
	int e10 = 0, len;

	if (prec == 0)
		prec = 1;
	if (x != 0)
		e10 = sig_digits(x, prec < MAX_DIGITS ? prec : MAX_DIGITS,
				 digits);
	if (e10 < -4 || e10 >= prec)
		len = exp_body(x, prec - 1, alt, upper, out);
	else
		len = fixed_body(x, prec - 1 - e10, alt, out);
	return alt ? len : strip_zeros(out, len);
}

/* %a: the exact binary value as 0x1.hhhp+e (precision is ignored). */
static int hex_body(double x, bool upper, char *out)
{
	const char *hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	uint64_t bits = double_bits(x);
	uint64_t mant = bits & ((1ULL << 52) - 1);
	int e2 = (int)((bits >> 52) & 0x7ff);
	int len = 0, ndig = 13;

	out[len++] = '0';
	out[len++] = upper ? 'X' : 'x';
	if (e2 == 0 && mant == 0) {
		out[len++] = '0';
	} else {
		out[len++] = e2 == 0 ? '0' : '1';
		e2 = e2 == 0 ? -1022 : e2 - 1023;
		while (ndig > 0 && ((mant >> (4 * (13 - ndig))) & 0xf) == 0)
			ndig--;
		if (ndig > 0)
			out[len++] = '.';
		for (int i = 0; i < ndig; i++)
			out[len++] = hex[(mant >> (48 - 4 * i)) & 0xf];
	}
	out[len++] = upper ? 'P' : 'p';
	out[len++] = e2 < 0 ? '-' : '+';
	if (e2 < 0)
		e2 = -e2;
	{
		char tmp[8];
		int n = 0;

		do {
			tmp[n++] = (char)('0' + e2 % 10);
			e2 /= 10;
		} while (e2 > 0);
		while (n > 0)
			out[len++] = tmp[--n];
	}
	return len;
}

int __printf_float(fmt_emit_fn emit, void *ctx, const struct fmt_spec *spec,
		   va_list *ap)
{
	struct fmt_spec s = *spec;
	char out[OUT_SIZE + 32];
	char conv = s.conv | 0x20; /* lower case */
	bool upper = s.conv >= 'A' && s.conv <= 'Z';
	bool alt = s.flags & FMT_ALT;
	const char *sign = "";
	double x;
	int len;

	if (s.length == FMT_LEN_BIG_L)
		x = (double)va_arg(*ap, long double);
	else
		x = va_arg(*ap, double);
	if (__builtin_signbit(x)) {
		sign = "-";
		x = -x;
	} else if (s.flags & FMT_PLUS) {
		sign = "+";
	} else if (s.flags & FMT_SPACE) {
		sign = " ";
	}
	if (s.prec < 0)
		s.prec = conv == 'a' ? -1 : 6;
	if (s.prec > MAX_PREC)
		s.prec = MAX_PREC;

	if (x != x || x == __builtin_inf()) {
		memcpy(out,
		       x != x ? (upper ? "NAN" : "nan")
			      : (upper ? "INF" : "inf"),
		       3);
		s.flags &= ~FMT_ZERO;
		return fmt_emit_field(emit, ctx, &s, sign, 0, out, 3);
	}
	if (conv == 'f')
		len = fixed_body(x, s.prec, alt, out);
	else if (conv == 'e')
		len = exp_body(x, s.prec, alt, upper, out);
	else if (conv == 'g')
		len = general_body(x, s.prec, alt, upper, out);
	else
		len = hex_body(x, upper, out);
	return fmt_emit_field(emit, ctx, &s, sign, 0, out, (size_t)len);
}
