#!/bin/sh
# The benchmarks' smoke test: runs membench (the musl build) on this
# host's Linux with tiny sizes ("quick") and checks that it reports every
# figure.  No QEMU, a fraction of a second.  Prints membench's BENCH
# lines, then TAP lines ("ok N - ...") for tests/runner.py; exits 0 iff
# every check passed.  Builds $BUILD/bench/membench.musl if it is missing
# or older than its sources.
set -u

repo=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
build=${BUILD:-build}
case $build in /*) ;; *) build=$repo/$build ;; esac
bin=$build/bench/membench.musl
srcs="$repo/bench/membench.c $repo/bench/measure.c"

n=0
failed=0
check() { # check OK|FAIL description
	n=$((n + 1))
	if [ "$1" = OK ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=1
	fi
}

stale=no
[ -x "$bin" ] || stale=yes
for f in $srcs "$repo/bench/measure.h"; do
	# shellcheck disable=SC3013 # dash and bash have -nt
	[ "$f" -nt "$bin" ] && stale=yes
done
if [ $stale = yes ]; then
	mkdir -p "$(dirname "$bin")"
	# shellcheck disable=SC2086
	if ! musl-gcc -static -O2 -Wall -Wextra -Werror -o "$bin" $srcs; then
		check FAIL "membench builds with musl-gcc -static"
		exit 1
	fi
fi

out=$(MEMBENCH_QUICK=1 timeout 60 "$bin" 2>&1)
status=$?
printf '%s\n' "$out" | grep -E '^(BENCH|NOTE)'

[ $status -eq 0 ] && r=OK || r=FAIL
check "$r" "membench quick exits with status 0 on Linux (status $status)"
first=$(printf '%s\n' "$out" | head -n 1)
[ "$first" = "BENCH_START membench" ] && r=OK || r=FAIL
check "$r" "its first line is the BENCH_START marker"
printf '%s\n' "$out" | grep -q '^BENCH_END status=0$' && r=OK || r=FAIL
check "$r" "it ends with BENCH_END status=0"

for fig in null_syscall mmap_munmap brk_pair anon_fault anon_read_fault \
	dontneed dontneed_refault munmap_1g_sparse munmap_64k fault_maps_1 \
	lookup_maps_1 fork_exit_wait_64m; do
	line=$(printf '%s\n' "$out" | grep "^BENCH name=$fig " | head -n 1)
	median=$(printf '%s\n' "$line" | sed -n 's/.* median=\([0-9.]*\) .*/\1/p')
	case $median in
	"" | 0 | 0.0) r=FAIL ;;
	*) r=OK ;;
	esac
	check $r "it reports $fig (median ${median:-missing})"
done
printf '%s\n' "$out" | grep -q '^HIST name=anon_fault unit=cycles bins=[0-9]' &&
	r=OK || r=FAIL
check "$r" "it reports the fault-cost histogram"
exit $failed
