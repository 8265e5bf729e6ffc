/*
 * /proc, generated on every read.  A read at offset pos regenerates the
 * file's text and keeps only the bytes [pos, pos + n) (at most one page),
 * like Linux's seq_file: so small reads, in any chunk size, see one
 * consistent stream as long as the process does not change meanwhile.
 * The formats themselves are in procfs_fmt.c; pagemap is binary and has
 * its own read.
 */
#include "boot.h"
#include "fs/vfs.h"
#include "mm/uaccess.h"
#include "proc/proc.h"
#include "proc/procfs.h"
#include "proc/procfs_fmt.h"
#include "lib/errno.h"
#include "lib/format.h"
#include "lib/string.h"

enum proc_file {
	PF_MAPS,
	PF_STATUS,
	PF_STATM,
	PF_PAGEMAP,
	PF_CMDLINE,
	PF_EXE,
	PF_OOM_SCORE_ADJ,
};

static const struct {
	const char *name;
	enum proc_file kind;
} pid_files[] = {
    {"maps", PF_MAPS},
    {"status", PF_STATUS},
    {"statm", PF_STATM},
    {"pagemap", PF_PAGEMAP},
    {"cmdline", PF_CMDLINE},
    {"exe", PF_EXE},
    {"oom_score_adj", PF_OOM_SCORE_ADJ},
};

/* A /proc file's inode priv: (pid << 8) | kind; pid 0 for global files. */
#define PRIV(pid, kind) ((void *)(uintptr_t)(((uintptr_t)(pid) << 8) | (kind)))
#define PRIV_PID(p)	((int)((uintptr_t)(p) >> 8))
#define PRIV_KIND(p)	((int)((uintptr_t)(p)&0xff))

enum global_file { GF_CMDLINE = 100, GF_MEMINFO, GF_MAX_MAP_COUNT };

static void window_emit(void *ctx, const char *s, size_t n)
{
	struct gen_out *o = ctx;
	for (size_t i = 0; i < n; i++, o->at++)
		if (o->at >= o->pos && o->at < o->pos + o->len)
			o->buf[o->got++] = s[i];
}

void gen_printf(struct gen_out *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fmt_vformat(window_emit, o, fmt, ap);
	va_end(ap);
}

static int generate(void *priv, struct gen_out *o)
{
	int kind = PRIV_KIND(priv);
	if (kind == GF_CMDLINE) {
		gen_printf(o, "%s\n", boot_info.cmdline);
		return 0;
	}
	if (kind == GF_MEMINFO) {
		gen_meminfo(o);
		return 0;
	}
	if (kind == GF_MAX_MAP_COUNT) {
		gen_printf(o, "%d\n", MAX_MAP_COUNT);
		return 0;
	}
	struct proc *p = proc_find(PRIV_PID(priv));
	if (!p || !p->mm)
		return -ESRCH; /* gone, or a zombie with no memory */
	switch (kind) {
	case PF_MAPS:
		gen_maps(p, o);
		break;
	case PF_STATUS:
		gen_status(p, o);
		break;
	case PF_STATM:
		gen_statm(p, o);
		break;
	case PF_CMDLINE:
		gen_cmdline(p, o);
		break;
	case PF_OOM_SCORE_ADJ:
		gen_printf(o, "%d\n", p->oom_score_adj);
		break;
	}
	return 0;
}

static ssize_t text_read(struct file *f, void *ubuf, size_t n, uint64_t *pos)
{
	static char buf[PAGE_SIZE];
	struct gen_out o = {.buf = buf, .pos = *pos, .len = MIN(n, PAGE_SIZE)};
	int err = generate(f->inode->priv, &o);
	if (err)
		return err;
	if (copy_to_user(ubuf, buf, o.got) < 0)
		return -EFAULT;
	*pos += o.got;
	return (ssize_t)o.got;
}

static ssize_t pagemap_read(struct file *f, void *ubuf, size_t n, uint64_t *pos)
{
	static uint64_t entries[PAGE_SIZE / 8];
	if ((*pos % 8) || (n % 8))
		return -EINVAL; /* whole 8-byte entries only, as Linux */
	struct proc *p = proc_find(PRIV_PID(f->inode->priv));
	if (!p || !p->mm)
		return -ESRCH;
	size_t count = MIN(n / 8, ARRAY_SIZE(entries));
	count = gen_pagemap(p, *pos / 8, entries, count);
	if (copy_to_user(ubuf, entries, count * 8) < 0)
		return -EFAULT;
	*pos += count * 8;
	return (ssize_t)(count * 8);
}

static int64_t proc_lseek(struct file *f, int64_t off, int whence)
{
	int64_t base = whence == SEEK_SET   ? 0
		       : whence == SEEK_CUR ? (int64_t)f->pos
					    : -1;
	if (base < 0 || base + off < 0)
		return -EINVAL;
	f->pos = (uint64_t)(base + off);
	return (int64_t)f->pos;
}

/* oom_score_adj: a number from -1000 to 1000, written as text. */
static ssize_t oom_write(struct file *f, const void *ubuf, size_t n,
			 uint64_t *pos)
{
	char buf[16];
	struct proc *p = proc_find(PRIV_PID(f->inode->priv));
	if (!p)
		return -ESRCH;
	if (n >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, n) < 0)
		return -EFAULT;
	buf[n] = '\0';
	const char *s = buf;
	int sign = 1, v = 0, digits = 0;
	while (*s == ' ')
		s++;
	if (*s == '-' || *s == '+')
		sign = *s++ == '-' ? -1 : 1;
	for (; *s >= '0' && *s <= '9' && v <= 1000; s++, digits++)
		v = v * 10 + (*s - '0');
	while (*s == '\n' || *s == ' ')
		s++;
	if (!digits || *s || v > 1000)
		return -EINVAL;
	p->oom_score_adj = sign * v;
	*pos += n;
	return (ssize_t)n;
}

static const struct file_ops text_ops = {.read = text_read,
					 .lseek = proc_lseek};
static const struct file_ops oom_ops = {
    .read = text_read, .write = oom_write, .lseek = proc_lseek};
static const struct file_ops pagemap_ops = {.read = pagemap_read,
					    .lseek = proc_lseek};

static int pid_lookup(struct inode *dir, const char *name, struct inode **out)
{
	int pid = PRIV_PID(dir->priv);
	for (size_t i = 0; i < ARRAY_SIZE(pid_files); i++) {
		if (strcmp(name, pid_files[i].name) != 0)
			continue;
		enum proc_file k = pid_files[i].kind;
		if (k == PF_EXE) {
			struct proc *p = proc_find(pid);
			if (!p || !p->exe[0])
				return -ENOENT;
			*out = vfs_new_symlink_child(dir, name, p->exe);
			return *out ? 0 : -ENOMEM;
		}
		const struct file_ops *ops = k == PF_PAGEMAP ? &pagemap_ops
					     : k == PF_OOM_SCORE_ADJ
						 ? &oom_ops
						 : &text_ops;
		*out = vfs_new_child(
		    dir, name, S_IFREG | (k == PF_OOM_SCORE_ADJ ? 0644 : 0444),
		    ops, NULL, PRIV(pid, k));
		return *out ? 0 : -ENOMEM;
	}
	return -ENOENT;
}

static int pid_readdir(struct inode *dir, struct dir_ctx *ctx)
{
	while (ctx->pos < ARRAY_SIZE(pid_files)) {
		bool link = pid_files[ctx->pos].kind == PF_EXE;
		if (!dir_emit(ctx, pid_files[ctx->pos].name, 0,
			      link ? DT_LNK : DT_REG))
			return 0;
		ctx->pos++;
	}
	(void)dir;
	return 0;
}

static const struct dir_ops pid_dir_ops = {.lookup = pid_lookup,
					   .readdir = pid_readdir};

static int parse_pid(const char *s)
{
	int pid = 0;
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || pid > 100000000)
			return -1;
		pid = pid * 10 + (*s - '0');
	}
	return pid;
}

static int root_lookup(struct inode *dir, const char *name, struct inode **out)
{
	int pid = strcmp(name, "self") == 0 ? current->pid : parse_pid(name);
	struct proc *p = pid > 0 ? proc_find(pid) : NULL;
	if (!p || p->state == PROC_ZOMBIE)
		return -ENOENT;
	*out = vfs_new_child(dir, name, S_IFDIR | 0555, NULL, &pid_dir_ops,
			     PRIV(pid, 0));
	return *out ? 0 : -ENOMEM;
}

static int root_readdir(struct inode *dir, struct dir_ctx *ctx)
{
	(void)dir;
	/* ctx->pos counts processes listed so far (plus "self" first). */
	if (ctx->pos == 0) {
		if (!dir_emit(ctx, "self", 0, DT_DIR))
			return 0;
		ctx->pos++;
	}
	uint64_t i = 1;
	for (struct proc *p = proc_next(NULL); p; p = proc_next(p)) {
		if (p->state == PROC_ZOMBIE)
			continue;
		if (i++ < ctx->pos)
			continue;
		char name[16];
		fmt_snprintf(name, sizeof(name), "%d", p->pid);
		if (!dir_emit(ctx, name, 0, DT_DIR))
			return 0;
		ctx->pos++;
	}
	return 0;
}

static const struct dir_ops root_dir_ops = {.lookup = root_lookup,
					    .readdir = root_readdir};

int procfs_init(void)
{
	int err = vfs_mkdir_ops("/proc", 0555, &root_dir_ops, NULL);
	if (!err)
		err = vfs_mknod_ops("/proc/cmdline", S_IFREG | 0444, 0,
				    &text_ops, PRIV(0, GF_CMDLINE));
	if (!err)
		err = vfs_mknod_ops("/proc/meminfo", S_IFREG | 0444, 0,
				    &text_ops, PRIV(0, GF_MEMINFO));
	if (!err)
		err =
		    vfs_mknod_ops("/proc/sys/vm/max_map_count", S_IFREG | 0444,
				  0, &text_ops, PRIV(0, GF_MAX_MAP_COUNT));
	return err;
}
