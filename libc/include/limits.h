/* Limits of the integer types (x86-64, LP64) and Linux's path limits. */
#ifndef _LIMITS_H
#define _LIMITS_H

#define CHAR_BIT   8
#define SCHAR_MIN  (-128)
#define SCHAR_MAX  127
#define UCHAR_MAX  255
#define CHAR_MIN   SCHAR_MIN /* char is signed on x86-64 */
#define CHAR_MAX   SCHAR_MAX
#define MB_LEN_MAX 16
#define SHRT_MIN   (-32768)
#define SHRT_MAX   32767
#define USHRT_MAX  65535
#define INT_MIN	   (-2147483647 - 1)
#define INT_MAX	   2147483647
#define UINT_MAX   4294967295U
#define LONG_MIN   (-9223372036854775807L - 1)
#define LONG_MAX   9223372036854775807L
#define ULONG_MAX  18446744073709551615UL
#define LLONG_MIN  (-9223372036854775807LL - 1)
#define LLONG_MAX  9223372036854775807LL
#define ULLONG_MAX 18446744073709551615ULL
#define SSIZE_MAX  LONG_MAX

#define PATH_MAX      4096
#define NAME_MAX      255
#define PIPE_BUF      4096
#define IOV_MAX	      1024
#define NGROUPS_MAX   65536
#define HOST_NAME_MAX 64
#define LINE_MAX      2048

#endif
