/*
 * Every system call tide implements: number (Linux x86-64), name, and
 * argument kinds for the built-in strace (see strace.c), as one list.
 * table.c turns it into the dispatch table; docs/syscalls.md is generated
 * from it too.  A number missing here returns -ENOSYS.
 *
 * Argument kinds: d int, u unsigned/size, x hex, p pointer, s string,
 * D a 64-bit signed number (offsets), b buffer the caller fills (length in the next argument), B buffer the
 * kernel fills (length = result), P PROT_*, M MAP_*, A MADV_*, O O_*,
 * o octal mode, F a directory fd (AT_FDCWD), W wait status pointer,
 * V execve's argv, E an environment.
 */
#ifndef TIDE_SYSCALL_CALLS_H
#define TIDE_SYSCALL_CALLS_H

#define SYSCALL_LIST(X)                                                        \
	X(0, read, "dBu")                                                      \
	X(1, write, "dbu")                                                     \
	X(2, open, "sOo")                                                      \
	X(3, close, "d")                                                       \
	X(4, stat, "sp")                                                       \
	X(5, fstat, "dp")                                                      \
	X(6, lstat, "sp")                                                      \
	X(8, lseek, "dDd")                                                     \
	X(9, mmap, "puPMdx")                                                   \
	X(10, mprotect, "puP")                                                 \
	X(11, munmap, "pu")                                                    \
	X(12, brk, "p")                                                        \
	X(13, rt_sigaction, "dppu")                                            \
	X(14, rt_sigprocmask, "dppu")                                          \
	X(15, rt_sigreturn, "")                                                \
	X(16, ioctl, "dxp")                                                    \
	X(17, pread64, "dBuD")                                                 \
	X(18, pwrite64, "dbuD")                                                \
	X(19, readv, "dpd")                                                    \
	X(20, writev, "dpd")                                                   \
	X(21, access, "sd")                                                    \
	X(22, pipe, "p")                                                       \
	X(24, sched_yield, "")                                                 \
	X(25, mremap, "puuxp")                                                 \
	X(26, msync, "pud")                                                    \
	X(27, mincore, "pup")                                                  \
	X(28, madvise, "puA")                                                  \
	X(32, dup, "d")                                                        \
	X(33, dup2, "dd")                                                      \
	X(34, pause, "")                                                       \
	X(35, nanosleep, "pp")                                                 \
	X(36, getitimer, "dp")                                                 \
	X(37, alarm, "u")                                                      \
	X(38, setitimer, "dpp")                                                \
	X(39, getpid, "")                                                      \
	X(56, clone, "xppp")                                                   \
	X(57, fork, "")                                                        \
	X(58, vfork, "")                                                       \
	X(59, execve, "sVE")                                                   \
	X(60, exit, "d")                                                       \
	X(61, wait4, "dWdp")                                                   \
	X(62, kill, "dd")                                                      \
	X(63, uname, "p")                                                      \
	X(72, fcntl, "ddx")                                                    \
	X(74, fsync, "d")                                                      \
	X(75, fdatasync, "d")                                                  \
	X(76, truncate, "sD")                                                  \
	X(77, ftruncate, "dD")                                                 \
	X(79, getcwd, "pu")                                                    \
	X(80, chdir, "s")                                                      \
	X(81, fchdir, "d")                                                     \
	X(83, mkdir, "so")                                                     \
	X(84, rmdir, "s")                                                      \
	X(87, unlink, "s")                                                     \
	X(89, readlink, "spu")                                                 \
	X(90, chmod, "so")                                                     \
	X(91, fchmod, "do")                                                    \
	X(92, chown, "sdd")                                                    \
	X(93, fchown, "ddd")                                                   \
	X(94, lchown, "sdd")                                                   \
	X(95, umask, "o")                                                      \
	X(96, gettimeofday, "pp")                                              \
	X(97, getrlimit, "dp")                                                 \
	X(100, times, "p")                                                     \
	X(102, getuid, "")                                                     \
	X(104, getgid, "")                                                     \
	X(107, geteuid, "")                                                    \
	X(108, getegid, "")                                                    \
	X(109, setpgid, "dd")                                                  \
	X(110, getppid, "")                                                    \
	X(111, getpgrp, "")                                                    \
	X(112, setsid, "")                                                     \
	X(121, getpgid, "d")                                                   \
	X(124, getsid, "d")                                                    \
	X(125, capget, "pp")                                                   \
	X(127, rt_sigpending, "pu")                                            \
	X(130, rt_sigsuspend, "pu")                                            \
	X(131, sigaltstack, "pp")                                              \
	X(137, statfs, "sp")                                                   \
	X(138, fstatfs, "dp")                                                  \
	X(149, mlock, "pu")                                                    \
	X(150, munlock, "pu")                                                  \
	X(151, mlockall, "x")                                                  \
	X(152, munlockall, "")                                                 \
	X(157, prctl, "dxxxx")                                                 \
	X(158, arch_prctl, "xp")                                               \
	X(160, setrlimit, "dp")                                                \
	X(165, mount, "sssxp")                                                 \
	X(166, umount2, "sx")                                                  \
	X(169, reboot, "xxxp")                                                 \
	X(186, gettid, "")                                                     \
	X(200, tkill, "dd")                                                    \
	X(202, futex, "pduppu")                                                \
	X(203, sched_setaffinity, "dup")                                       \
	X(204, sched_getaffinity, "dup")                                       \
	X(217, getdents64, "dpu")                                              \
	X(218, set_tid_address, "p")                                           \
	X(228, clock_gettime, "dp")                                            \
	X(229, clock_getres, "dp")                                             \
	X(230, clock_nanosleep, "ddpp")                                        \
	X(231, exit_group, "d")                                                \
	X(234, tgkill, "ddd")                                                  \
	X(257, openat, "FsOo")                                                 \
	X(258, mkdirat, "Fso")                                                 \
	X(260, fchownat, "Fsddx")                                              \
	X(262, newfstatat, "Fspx")                                             \
	X(263, unlinkat, "Fsx")                                                \
	X(269, faccessat, "Fsd")                                               \
	X(273, set_robust_list, "pu")                                          \
	X(292, dup3, "ddx")                                                    \
	X(293, pipe2, "px")                                                    \
	X(302, prlimit64, "ddpp")                                              \
	X(318, getrandom, "pux")

#endif
