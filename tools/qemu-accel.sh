#!/bin/sh
# Prints the QEMU accelerator to use: "kvm" only if KVM really runs a
# guest here, else "tcg".  /dev/kvm can exist on a CPU without vmx/svm
# (then a KVM guest hangs or fails), so the device file alone proves
# nothing: we boot tide under KVM with "poweroff" and check that it came
# back through isa-debug-exit.  The answer is cached in $BUILD/accel.
# Usage: tools/qemu-accel.sh KERNEL_ELF [BUILD_DIR]
set -u
kernel=$1
build=${2:-build}
cache=$build/accel

if [ -n "${TIDE_ACCEL:-}" ]; then
	echo "$TIDE_ACCEL"
	exit 0
fi
if [ -f "$cache" ] && [ "$cache" -nt "$kernel" ]; then
	cat "$cache"
	exit 0
fi
accel=tcg
if [ -r /dev/kvm ] && [ -w /dev/kvm ] &&
	grep -qE '^flags.*\b(vmx|svm)\b' /proc/cpuinfo; then
	timeout 20 qemu-system-x86_64 -accel kvm -m 64M -display none \
		-nodefaults -no-reboot -serial null \
		-device isa-debug-exit,iobase=0xf4,iosize=4 \
		-kernel "$kernel" -append poweroff >/dev/null 2>&1
	# poweroff exits through isa-debug-exit with code 0: status 1.
	[ $? -eq 1 ] && accel=kvm
fi
mkdir -p "$build"
echo "$accel" >"$cache"
echo "$accel"
