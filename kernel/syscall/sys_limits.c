/*
 * Limits and facts about the system: getrlimit, setrlimit, prlimit64,
 * sched_getaffinity/setaffinity (one CPU), times, capget (root has every
 * capability), statfs/fstatfs (the one tmpfs), and process groups and
 * sessions (setpgid, getpgid, getpgrp, setsid, getsid).
 */
#include "arch/x86_64/timer.h"
#include "fs/fdtable.h"
#include "fs/vfs.h"
#include "mm/frame.h"
#include "mm/uaccess.h"
#include "proc/proc.h"
#include "proc/rlimit.h"
#include "syscall/syscall.h"
#include "lib/errno.h"
#include "lib/string.h"

void rlimit_init(struct rlimit64 *r)
{
	for (int i = 0; i < RLIM_NLIMITS; i++)
		r[i] = (struct rlimit64){RLIM_INFINITY, RLIM_INFINITY};
	r[RLIMIT_STACK] = (struct rlimit64){8UL << 20, RLIM_INFINITY};
	r[RLIMIT_CORE] = (struct rlimit64){0, RLIM_INFINITY};
	r[RLIMIT_NOFILE] = (struct rlimit64){FDTABLE_SIZE, FDTABLE_SIZE};
	r[RLIMIT_MEMLOCK] = (struct rlimit64){8UL << 20, 8UL << 20};
	r[RLIMIT_NPROC] = (struct rlimit64){NPROC, NPROC};
}

uint64_t rlimit(const struct proc *p, int resource)
{
	return p->rlim[resource].cur;
}

static long do_prlimit(struct proc *p, int resource,
		       const struct rlimit64 *knew, struct rlimit64 *old)
{
	if (resource < 0 || resource >= RLIM_NLIMITS)
		return -EINVAL;
	struct rlimit64 *r = &p->rlim[resource];
	if (old)
		*old = *r;
	if (!knew)
		return 0;
	if (knew->cur > knew->max)
		return -EINVAL;
	if (resource == RLIMIT_NOFILE && knew->max > FDTABLE_SIZE)
		return -EPERM; /* beyond what the table can hold (nr_open) */
	*r = *knew;
	if (resource == RLIMIT_NOFILE)
		p->fs.fdt->max_fds = (int)knew->cur;
	if (resource == RLIMIT_STACK && p->mm)
		p->mm->stack_limit = knew->cur;
	return 0;
}

SYSCALL_DEFINE2(getrlimit, int, resource, struct rlimit64 *, uold)
{
	struct rlimit64 old;
	long err = do_prlimit(current, resource, NULL, &old);
	if (!err && copy_to_user(uold, &old, sizeof(old)) < 0)
		return -EFAULT;
	return err;
}

SYSCALL_DEFINE2(setrlimit, int, resource, const struct rlimit64 *, unew)
{
	struct rlimit64 new;
	if (copy_from_user(&new, unew, sizeof(new)) < 0)
		return -EFAULT;
	return do_prlimit(current, resource, &new, NULL);
}

SYSCALL_DEFINE4(prlimit64, int, pid, int, resource, const struct rlimit64 *,
		unew, struct rlimit64 *, uold)
{
	struct rlimit64 new, old;
	struct proc *p = pid ? proc_find(pid) : current;
	if (!p || p->state == PROC_ZOMBIE)
		return -ESRCH;
	if (unew && copy_from_user(&new, unew, sizeof(new)) < 0)
		return -EFAULT;
	long err = do_prlimit(p, resource, unew ? &new : NULL, &old);
	if (!err && uold && copy_to_user(uold, &old, sizeof(old)) < 0)
		return -EFAULT;
	return err;
}

SYSCALL_DEFINE3(sched_getaffinity, int, pid, size_t, len, uint64_t *, umask)
{
	uint64_t mask = 1; /* CPU 0, the only one */
	if (pid && !proc_find(pid))
		return -ESRCH;
	if (len < sizeof(mask) || (len & 7))
		return -EINVAL;
	if (copy_to_user(umask, &mask, sizeof(mask)) < 0)
		return -EFAULT;
	return sizeof(mask);
}

SYSCALL_DEFINE3(sched_setaffinity, int, pid, size_t, len, const uint64_t *,
		umask)
{
	uint64_t mask = 0;
	if (pid && !proc_find(pid))
		return -ESRCH;
	if (copy_from_user(&mask, umask, MIN(len, sizeof(mask))) < 0)
		return -EFAULT;
	return mask & 1 ? 0 : -EINVAL; /* must allow CPU 0 */
}

struct tms {
	int64_t utime, stime, cutime, cstime;
};

SYSCALL_DEFINE1(times, struct tms *, ubuf)
{
	struct tms t = {(int64_t)current->utime, (int64_t)current->stime,
			(int64_t)current->cutime, (int64_t)current->cstime};
	if (ubuf && copy_to_user(ubuf, &t, sizeof(t)) < 0)
		return -EFAULT;
	return (long)timer_ticks;
}

#define CAP_V3 0x20080522

SYSCALL_DEFINE2(capget, uint32_t *, uhdr, uint32_t *, udata)
{
	uint32_t hdr[2], data[6];
	if (copy_from_user(hdr, uhdr, sizeof(hdr)) < 0)
		return -EFAULT;
	if (hdr[0] != CAP_V3 && hdr[0] != 0x19980330 && hdr[0] != 0x20071026) {
		hdr[0] = CAP_V3; /* tell the caller which version we speak */
		return copy_to_user(uhdr, hdr, sizeof(hdr)) < 0 ? -EFAULT
								: -EINVAL;
	}
	if (!udata)
		return 0;
	/* root: effective, permitted and inheritable hold caps 0..40 */
	uint32_t all_lo = 0xffffffff, all_hi = 0x1ff;
	data[0] = all_lo, data[1] = all_lo, data[2] = 0;
	data[3] = all_hi, data[4] = all_hi, data[5] = 0;
	size_t n = hdr[0] == 0x19980330 ? 3 : 6;
	return copy_to_user(udata, data, n * 4);
}

struct statfs {
	int64_t type, bsize, blocks, bfree, bavail, files, ffree;
	int32_t fsid[2];
	int64_t namelen, frsize, flags, spare[4];
};

#define TMPFS_MAGIC 0x01021994

static long fill_statfs(struct statfs *u)
{
	struct statfs s;
	memset(&s, 0, sizeof(s));
	s.type = TMPFS_MAGIC;
	s.bsize = s.frsize = PAGE_SIZE;
	s.blocks = (int64_t)frame_total_count();
	s.bfree = s.bavail = (int64_t)frame_free_count();
	s.files = 1 << 20;
	s.ffree = 1 << 19;
	s.namelen = 255;
	s.flags = 0x20; /* ST_NOATIME-free defaults, as tmpfs: ST_RELATIME */
	return copy_to_user(u, &s, sizeof(s));
}

SYSCALL_DEFINE2(statfs, const char *, upath, struct statfs *, ubuf)
{
	static char path[PATH_MAX];
	struct inode *inode;
	long n = strncpy_from_user(path, upath, sizeof(path));
	if (n < 0)
		return n;
	if (n == 0)
		return -ENOENT;
	int err = vfs_lookup(current->fs.cwd, path, LOOKUP_FOLLOW, &inode);
	if (err)
		return err;
	inode_put(inode);
	return fill_statfs(ubuf);
}

SYSCALL_DEFINE2(fstatfs, int, fd, struct statfs *, ubuf)
{
	if (!fd_get(current->fs.fdt, fd))
		return -EBADF;
	return fill_statfs(ubuf);
}

SYSCALL_DEFINE2(setpgid, int, pid, int, pgid)
{
	struct proc *p = pid ? proc_find(pid) : current;
	if (pgid < 0)
		return -EINVAL;
	if (!p || (p != current && p->parent != current))
		return -ESRCH;
	p->pgid = pgid ? pgid : p->pid;
	return 0;
}

SYSCALL_DEFINE1(getpgid, int, pid)
{
	struct proc *p = pid ? proc_find(pid) : current;
	return p ? p->pgid : -ESRCH;
}

SYSCALL_DEFINE0(getpgrp)
{
	return current->pgid;
}

SYSCALL_DEFINE0(setsid)
{
	if (current->pgid == current->pid)
		return -EPERM; /* already a group leader */
	current->sid = current->pgid = current->pid;
	return current->sid;
}

SYSCALL_DEFINE1(getsid, int, pid)
{
	struct proc *p = pid ? proc_find(pid) : current;
	return p ? p->sid : -ESRCH;
}
