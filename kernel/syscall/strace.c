/*
 * The built-in strace.  For a traced process, each system call becomes
 * one console line in strace's own format:
 *
 *   brk(NULL)                               = 0x405000
 *   write(1, "hello\n", 6)                  = 6
 *   mmap(NULL, 20, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7ffff7ffe000
 *   munmap(0x4000, 4096)                    = -1 EINVAL (Invalid argument)
 *
 * Arguments are decoded by the kinds listed for each call in calls.h.
 * The line is printed when the call returns, so buffers the kernel fills
 * (read) show their contents; exit prints "= ?" at entry instead.
 */
#include "mm/uaccess.h"
#include "proc/proc.h"
#include "syscall/calls.h"
#include "syscall/strace.h"
#include "syscall/uapi.h"
#include "lib/format.h"
#include "lib/printk.h"
#include "lib/string.h"

#define STR_MAX	      32 /* strace -s 32: string bytes shown */
#define LINE_MAX      512
#define RESULT_COLUMN 39

struct line {
	char buf[LINE_MAX];
	size_t len;
};

static void put(struct line *l, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (l->len < sizeof(l->buf))
		l->len += (size_t)fmt_vsnprintf(
		    l->buf + l->len, sizeof(l->buf) - l->len, fmt, ap);
	va_end(ap);
	if (l->len > sizeof(l->buf) - 1)
		l->len = sizeof(l->buf) - 1;
}

struct flag_name {
	unsigned long value;
	const char *name;
};

static const struct flag_name prot_names[] = {
    {PROT_READ, "PROT_READ"},
    {PROT_WRITE, "PROT_WRITE"},
    {PROT_EXEC, "PROT_EXEC"},
    {0, NULL},
};

static const struct flag_name map_names[] = {
    {MAP_FIXED, "MAP_FIXED"},
    {MAP_ANONYMOUS, "MAP_ANONYMOUS"},
    {MAP_GROWSDOWN, "MAP_GROWSDOWN"},
    {MAP_LOCKED, "MAP_LOCKED"},
    {MAP_NORESERVE, "MAP_NORESERVE"},
    {MAP_POPULATE, "MAP_POPULATE"},
    {0x20000, "MAP_STACK"},
    {MAP_FIXED_NOREPLACE, "MAP_FIXED_NOREPLACE"},
    {0, NULL},
};

static const struct flag_name open_names[] = {
    {0x40, "O_CREAT"},	      {0x80, "O_EXCL"},
    {0x100, "O_NOCTTY"},      {0x200, "O_TRUNC"},
    {0x400, "O_APPEND"},      {0x800, "O_NONBLOCK"},
    {0x10000, "O_DIRECTORY"}, {0x20000, "O_NOFOLLOW"},
    {0x80000, "O_CLOEXEC"},   {0, NULL},
};

static const char *const advice_names[] = {
    [0] = "MADV_NORMAL",	  [1] = "MADV_RANDOM",
    [2] = "MADV_SEQUENTIAL",	  [3] = "MADV_WILLNEED",
    [4] = "MADV_DONTNEED",	  [8] = "MADV_FREE",
    [9] = "MADV_REMOVE",	  [10] = "MADV_DONTFORK",
    [11] = "MADV_DOFORK",	  [12] = "MADV_MERGEABLE",
    [13] = "MADV_UNMERGEABLE",	  [14] = "MADV_HUGEPAGE",
    [15] = "MADV_NOHUGEPAGE",	  [16] = "MADV_DONTDUMP",
    [17] = "MADV_DODUMP",	  [18] = "MADV_WIPEONFORK",
    [19] = "MADV_KEEPONFORK",	  [20] = "MADV_COLD",
    [21] = "MADV_PAGEOUT",	  [22] = "MADV_POPULATE_READ",
    [23] = "MADV_POPULATE_WRITE",
};

/* Names of the bits set in v joined by '|', then any unnamed rest. */
static void put_flags(struct line *l, unsigned long v,
		      const struct flag_name *names)
{
	const char *sep = "";
	for (const struct flag_name *f = names; f->name; f++) {
		if (v & f->value) {
			put(l, "%s%s", sep, f->name);
			v &= ~f->value;
			sep = "|";
		}
	}
	if (v || !*sep)
		put(l, "%s%#lx", sep, v);
}

static void put_prot(struct line *l, unsigned long v)
{
	if (v == 0)
		put(l, "PROT_NONE");
	else
		put_flags(l, v, prot_names);
}

static void put_map(struct line *l, unsigned long v)
{
	unsigned long type = v & MAP_TYPE;
	put(l, "%s",
	    type == MAP_SHARED		  ? "MAP_SHARED"
	    : type == MAP_PRIVATE	  ? "MAP_PRIVATE"
	    : type == MAP_SHARED_VALIDATE ? "MAP_SHARED_VALIDATE"
					  : "0");
	v &= ~(unsigned long)MAP_TYPE;
	if (v) {
		put(l, "|");
		put_flags(l, v, map_names);
	}
}

static void put_open(struct line *l, unsigned long v)
{
	static const char *const acc[] = {"O_RDONLY", "O_WRONLY", "O_RDWR",
					  "O_ACCMODE"};
	put(l, "%s", acc[v & 3]);
	v &= ~3UL & ~0x8000UL; /* O_LARGEFILE is implied on x86-64 */
	if (v) {
		put(l, "|");
		put_flags(l, v, open_names);
	}
}

/* A user string quoted with C escapes, cut at STR_MAX bytes ("..."). */
static void put_string(struct line *l, const void *uptr, long len)
{
	unsigned char s[STR_MAX + 1];
	bool nul_terminated = len < 0;
	size_t want = nul_terminated ? STR_MAX + 1 : (size_t)MIN(len, STR_MAX);
	size_t got = 0;
	if (!uptr) {
		put(l, "NULL");
		return;
	}
	for (; got < want; got++) {
		if (copy_from_user(&s[got], (const char *)uptr + got, 1) < 0) {
			if (got == 0) {
				put(l, "%p", uptr);
				return;
			}
			break;
		}
		if (nul_terminated && s[got] == 0)
			break;
	}
	bool cut = nul_terminated ? got > STR_MAX : (size_t)len > got;
	size_t shown = MIN(got, (size_t)STR_MAX);
	put(l, "\"");
	for (size_t i = 0; i < shown; i++) {
		unsigned char c = s[i];
		switch (c) {
		case '\n':
			put(l, "\\n");
			break;
		case '\t':
			put(l, "\\t");
			break;
		case '\r':
			put(l, "\\r");
			break;
		case '"':
			put(l, "\\\"");
			break;
		case '\\':
			put(l, "\\\\");
			break;
		default:
			if (c < 32 || c >= 127)
				put(l, "\\%o", c);
			else
				put(l, "%c", c);
		}
	}
	put(l, cut ? "\"..." : "\"");
}

static void put_pointer(struct line *l, unsigned long v)
{
	put(l, v ? "%#lx" : "NULL", v);
}

/* execve's argv as ["a", "b"]; envp (env) as 0x... followed by a count. */
static void put_vector(struct line *l, unsigned long v, bool env)
{
	const char *const *vec = (const char *const *)v;
	const char *s;
	int n = 0;
	if (!vec) {
		put(l, "NULL");
		return;
	}
	if (env) {
		while (n < 4096 &&
		       copy_from_user(&s, &vec[n], sizeof(s)) == 0 && s)
			n++;
		put(l, "%#lx /* %d var%s */", v, n, n == 1 ? "" : "s");
		return;
	}
	put(l, "[");
	for (; n < 32; n++) {
		if (copy_from_user(&s, &vec[n], sizeof(s)) < 0 || !s)
			break;
		put(l, n ? ", " : "");
		put_string(l, s, -1);
	}
	put(l, "]");
}

/* One argument of kind k; next is the following argument (a length). */
static void put_arg(struct line *l, char k, unsigned long v, unsigned long next,
		    long ret)
{
	switch (k) {
	case 'd':
		put(l, "%d", (int)v);
		break;
	case 'F':
		if ((int)v == -100)
			put(l, "AT_FDCWD");
		else
			put(l, "%d", (int)v);
		break;
	case 'u':
		put(l, "%lu", v);
		break;
	case 'D':
		put(l, "%ld", (long)v);
		break;
	case 'x':
		put(l, "%#lx", v);
		break;
	case 'o':
		put(l, "%#lo", v);
		break;
	case 's':
		put_string(l, (const void *)v, -1);
		break;
	case 'b':
		put_string(l, (const void *)v, (long)next);
		break;
	case 'B':
		if (ret >= 0)
			put_string(l, (const void *)v, ret);
		else
			put_pointer(l, v);
		break;
	case 'P':
		put_prot(l, v);
		break;
	case 'M':
		put_map(l, v);
		break;
	case 'O':
		put_open(l, v);
		break;
	case 'V':
	case 'E':
		put_vector(l, v, k == 'E');
		break;
	case 'A':
		if (v < ARRAY_SIZE(advice_names) && advice_names[v])
			put(l, "%s", advice_names[v]);
		else
			put(l, "%#lx /* MADV_??? */", v);
		break;
	default:
		put_pointer(l, v);
	}
}

static const char *errno_name(long e, const char **text)
{
	static const struct {
		int e;
		const char *name, *text;
	} names[] = {
	    {1, "EPERM", "Operation not permitted"},
	    {2, "ENOENT", "No such file or directory"},
	    {3, "ESRCH", "No such process"},
	    {4, "EINTR", "Interrupted system call"},
	    {7, "E2BIG", "Argument list too long"},
	    {8, "ENOEXEC", "Exec format error"},
	    {9, "EBADF", "Bad file descriptor"},
	    {10, "ECHILD", "No child processes"},
	    {11, "EAGAIN", "Resource temporarily unavailable"},
	    {12, "ENOMEM", "Cannot allocate memory"},
	    {13, "EACCES", "Permission denied"},
	    {14, "EFAULT", "Bad address"},
	    {16, "EBUSY", "Device or resource busy"},
	    {17, "EEXIST", "File exists"},
	    {19, "ENODEV", "No such device"},
	    {20, "ENOTDIR", "Not a directory"},
	    {21, "EISDIR", "Is a directory"},
	    {22, "EINVAL", "Invalid argument"},
	    {24, "EMFILE", "Too many open files"},
	    {25, "ENOTTY", "Inappropriate ioctl for device"},
	    {29, "ESPIPE", "Illegal seek"},
	    {32, "EPIPE", "Broken pipe"},
	    {34, "ERANGE", "Numerical result out of range"},
	    {36, "ENAMETOOLONG", "File name too long"},
	    {38, "ENOSYS", "Function not implemented"},
	    {39, "ENOTEMPTY", "Directory not empty"},
	    {75, "EOVERFLOW", "Value too large for defined data type"},
	    {95, "EOPNOTSUPP", "Operation not supported"},
	};
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].e == e) {
			*text = names[i].text;
			return names[i].name;
		}
	*text = "Unknown error";
	return NULL;
}

static bool returns_pointer(uint64_t nr)
{
	return nr == 9 || nr == 12; /* mmap, brk */
}

static void format_call(struct line *l, uint64_t nr,
			const struct syscall_args *a, long ret)
{
	const struct syscall_desc *d =
	    nr < syscall_table_size ? &syscall_table[nr] : NULL;
	if (!d || !d->name) {
		put(l, "syscall_%#lx(%#lx, %#lx, %#lx)", nr, a->a[0], a->a[1],
		    a->a[2]);
		return;
	}
	put(l, "%s(", d->name);
	int nargs = (int)strlen(d->args);
	/* open/openat show the mode only when O_CREAT makes it matter. */
	for (int i = 0; i < nargs; i++)
		if (d->args[i] == 'O' && !(a->a[i] & 0x40) && i + 2 == nargs)
			nargs--;
	for (int i = 0; i < nargs; i++) {
		if (i)
			put(l, ", ");
		put_arg(l, d->args[i], a->a[i], i < 5 ? a->a[i + 1] : 0, ret);
	}
	put(l, ")");
}

static void print_line(struct line *l)
{
	printk("%.*s\n", (int)l->len, l->buf);
}

/* execve's arguments are gone once it succeeds: format them at entry. */
static struct line execve_line;

static void put_result_column(struct line *l)
{
	int pad = l->len < RESULT_COLUMN ? (int)(RESULT_COLUMN - l->len) : 0;
	put(l, "%*s = ", pad, "");
}

void strace_enter(struct proc *p, uint64_t nr, const struct syscall_args *a)
{
	(void)p;
	if (nr == 59) {
		execve_line.len = 0;
		format_call(&execve_line, nr, a, 0);
	}
	if (nr != 60 && nr != 231) /* exit and exit_group never return */
		return;
	struct line l = {.len = 0};
	format_call(&l, nr, a, 0);
	put_result_column(&l);
	put(&l, "?");
	print_line(&l);
	printk("+++ exited with %d +++\n", (int)(a->a[0] & 0xff));
}

void strace_exit(struct proc *p, uint64_t nr, const struct syscall_args *a,
		 long ret)
{
	(void)p;
	struct line l = {.len = 0};
	if (nr == 59)
		l = execve_line;
	else
		format_call(&l, nr, a, ret);
	put_result_column(&l);
	if (ret < 0 && ret >= -4095) {
		const char *text, *name = errno_name(-ret, &text);
		if (name)
			put(&l, "-1 %s (%s)", name, text);
		else
			put(&l, "-1 %ld (%s)", -ret, text);
	} else if (returns_pointer(nr)) {
		put(&l, "%#lx", (unsigned long)ret);
	} else {
		put(&l, "%ld", ret);
	}
	print_line(&l);
}
