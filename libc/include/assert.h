/* assert(): prints "prog: file:line: func: Assertion `expr' failed." and
 * aborts, as glibc does.  Re-including after changing NDEBUG is allowed. */
#undef assert

#ifdef NDEBUG
#define assert(expr) ((void)0)
#else
#define assert(expr)                                                           \
	((expr) ? (void)0 : __assert_fail(#expr, __FILE__, __LINE__, __func__))
#endif

#ifndef _ASSERT_H
#define _ASSERT_H

#ifndef __cplusplus
#define static_assert _Static_assert
#endif

__attribute__((noreturn)) void __assert_fail(const char *expr, const char *file,
					     unsigned int line,
					     const char *func);

#endif
