/*
 * Small system calls a C library needs at start-up or that programs ask
 * about the system: uname, the identity calls (everyone is root), clocks
 * and sleeping, sched_yield, getrandom, reboot (power off), and the
 * signal-mask calls that libc start-up makes (accepted; real signal
 * handling comes with a later milestone).
 */
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/rtc.h"
#include "arch/x86_64/timer.h"
#include "arch/x86_64/trap.h"
#include "arch/x86_64/x86.h"
#include "mm/uaccess.h"
#include "proc/proc.h"
#include "syscall/syscall.h"
#include "syscall/uapi.h"
#include "lib/errno.h"
#include "lib/printk.h"
#include "lib/string.h"

struct utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65],
	    domainname[65];
};

SYSCALL_DEFINE1(uname, struct utsname *, ubuf)
{
	static struct utsname u;
	memset(&u, 0, sizeof(u));
	strlcpy(u.sysname, "Linux", sizeof(u.sysname));
	strlcpy(u.nodename, "tide", sizeof(u.nodename));
	strlcpy(u.release, "6.1.0-tide", sizeof(u.release));
	strlcpy(u.version, "#1 tide teaching kernel", sizeof(u.version));
	strlcpy(u.machine, "x86_64", sizeof(u.machine));
	strlcpy(u.domainname, "(none)", sizeof(u.domainname));
	return copy_to_user(ubuf, &u, sizeof(u));
}

SYSCALL_DEFINE0(getuid)
{
	return 0;
}

SYSCALL_DEFINE0(sched_yield)
{
	sched_yield();
	return 0;
}

struct timespec {
	int64_t tv_sec, tv_nsec;
};

static uint64_t now_ns(void)
{
	return timer_ticks * (1000000000ULL / TIMER_HZ);
}

#define CLOCK_REALTIME	      0
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_TAI	      11

/* The clock's reading in ns: REALTIME (and TAI) from the date read off
 * the CMOS clock at boot; the others count from boot. */
static uint64_t clock_ns(int clock)
{
	static int64_t boot_epoch = -1;
	if (boot_epoch < 0)
		boot_epoch =
		    rtc_read_epoch() - (int64_t)(timer_ticks / TIMER_HZ);
	if (clock == 2 || clock == 3) /* PROCESS_ and THREAD_CPUTIME_ID */
		return (current->utime + current->stime) *
		       (1000000000ULL / TIMER_HZ);
	bool real = clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE ||
		    clock == CLOCK_TAI;
	return now_ns() + (real ? (uint64_t)boot_epoch * 1000000000ULL : 0);
}

SYSCALL_DEFINE2(clock_gettime, int, clock, struct timespec *, uts)
{
	if (clock < 0 || clock > 11)
		return -EINVAL;
	uint64_t ns = clock_ns(clock);
	struct timespec ts = {(int64_t)(ns / 1000000000),
			      (int64_t)(ns % 1000000000)};
	return copy_to_user(uts, &ts, sizeof(ts));
}

SYSCALL_DEFINE2(clock_getres, int, clock, struct timespec *, ures)
{
	if (clock < 0 || clock > 11)
		return -EINVAL;
	struct timespec res = {0, 1000000000 / TIMER_HZ}; /* one tick */
	return ures ? copy_to_user(ures, &res, sizeof(res)) : 0;
}

SYSCALL_DEFINE2(gettimeofday, struct timespec *, utv, void *, utz)
{
	(void)utz;
	uint64_t ns = clock_ns(CLOCK_REALTIME);
	struct timespec tv = {(int64_t)(ns / 1000000000),
			      (int64_t)(ns % 1000000000 / 1000)};
	return utv ? copy_to_user(utv, &tv, sizeof(tv)) : 0;
}

/* Sleeps ns; on a signal returns -EINTR and, if urem, the time left. */
static long sleep_ticks(uint64_t ns, struct timespec *urem)
{
	uint64_t until = timer_ticks + (ns * TIMER_HZ + 999999999) / 1000000000;
	while (timer_ticks < until) {
		sleep_on((const void *)&timer_ticks);
		if (signal_pending(current)) {
			uint64_t left =
			    (until - timer_ticks) * (1000000000ULL / TIMER_HZ);
			struct timespec rem = {(int64_t)(left / 1000000000),
					       (int64_t)(left % 1000000000)};
			if (urem && copy_to_user(urem, &rem, sizeof(rem)) < 0)
				return -EFAULT;
			return -EINTR; /* nanosleep is never restarted */
		}
	}
	return 0;
}

SYSCALL_DEFINE2(nanosleep, const struct timespec *, ureq, struct timespec *,
		urem)
{
	struct timespec req;
	if (copy_from_user(&req, ureq, sizeof(req)) < 0)
		return -EFAULT;
	if (req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec >= 1000000000)
		return -EINVAL;
	return sleep_ticks(
	    (uint64_t)req.tv_sec * 1000000000 + (uint64_t)req.tv_nsec, urem);
}

SYSCALL_DEFINE4(clock_nanosleep, int, clock, int, flags,
		const struct timespec *, ureq, struct timespec *, urem)
{
	struct timespec req;
	if (clock < 0 || clock > 11)
		return -EINVAL;
	if (copy_from_user(&req, ureq, sizeof(req)) < 0)
		return -EFAULT;
	if (req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec >= 1000000000)
		return -EINVAL;
	uint64_t ns = (uint64_t)req.tv_sec * 1000000000 + (uint64_t)req.tv_nsec;
	if (flags & 1) /* TIMER_ABSTIME: no time left to report */
		return sleep_ticks(
		    ns > clock_ns(clock) ? ns - clock_ns(clock) : 0, NULL);
	return sleep_ticks(ns, urem);
}

SYSCALL_DEFINE3(getrandom, void *, ubuf, size_t, len, unsigned, flags)
{
	static uint64_t state = 0x853c49e6748fea9bULL;
	(void)flags;
	for (size_t done = 0; done < len;) {
		state ^= rdtsc();
		state *= 0x5851f42d4c957f2dULL;
		uint64_t v = state ^ (state >> 29);
		size_t n = MIN(len - done, sizeof(v));
		if (copy_to_user((char *)ubuf + done, &v, n) < 0)
			return -EFAULT;
		done += n;
	}
	return (long)len;
}

#define REBOOT_MAGIC1	     0xfee1dead
#define REBOOT_MAGIC2	     672274793
#define REBOOT_CMD_POWER_OFF 0x4321fedc
#define REBOOT_CMD_RESTART   0x01234567
#define REBOOT_CMD_HALT	     0xcdef0123
#define REBOOT_CMD_RESTART2  0xa1b2c3d4

/* RESTART2 carries a command string; tide reads "exit=N" as the status
 * QEMU should exit with (isa-debug-exit), so that init can report a test
 * run's verdict or a program's exit status to the host. */
static int exit_code_of(const char *uarg)
{
	char buf[32];
	long n = strncpy_from_user(buf, uarg, sizeof(buf));
	if (n < 6 || strncmp(buf, "exit=", 5) != 0)
		return 0;
	int code = 0;
	for (const char *p = buf + 5; *p >= '0' && *p <= '9'; p++)
		code = code * 10 + (*p - '0');
	return code & 0xff;
}

SYSCALL_DEFINE4(reboot, unsigned, magic1, unsigned, magic2, unsigned, cmd,
		void *, arg)
{
	if (magic1 != REBOOT_MAGIC1 || magic2 != REBOOT_MAGIC2)
		return -EINVAL;
	switch (cmd) {
	case REBOOT_CMD_POWER_OFF:
	case REBOOT_CMD_HALT:
	case REBOOT_CMD_RESTART:
		printk("tide: power off\n");
		arch_shutdown(0);
	case REBOOT_CMD_RESTART2:
		printk("tide: power off\n");
		arch_shutdown(exit_code_of(arg));
	default:
		return -EINVAL;
	}
}
