#!/bin/sh
# Installs what tide's build and tests need, if it is missing.  On Debian
# and Ubuntu it runs apt-get (as root, or through sudo); elsewhere it names
# what to install and stops.  Called by `make run`, `make test` and .ci/run.
set -eu

# command -> Debian package
need="gcc:gcc ld:binutils make:make qemu-system-x86_64:qemu-system-x86
grub-mkrescue:grub-common xorriso:xorriso mformat:mtools cpio:cpio
python3:python3 musl-gcc:musl-tools"
# files that only a package provides (no command of their own)
need_files="/usr/lib/grub/i386-pc/moddep.lst:grub-pc-bin
/usr/lib/x86_64-linux-gnu/libc.a:libc6-dev"

missing=
for pair in $need; do
	cmd=${pair%%:*} pkg=${pair#*:}
	command -v "$cmd" >/dev/null 2>&1 || missing="$missing $pkg"
done
for pair in $need_files; do
	f=${pair%%:*} pkg=${pair#*:}
	[ -e "$f" ] || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0

echo "tide: missing packages:$missing"
if ! command -v apt-get >/dev/null 2>&1; then
	echo "tide: this is not a Debian/Ubuntu system; please install the" >&2
	echo "      equivalents of:$missing" >&2
	exit 1
fi
sudo=
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null 2>&1 || {
		echo "tide: run as root or install sudo to install:$missing" >&2
		exit 1
	}
	sudo=sudo
fi
echo "tide: installing them with apt-get"
$sudo apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
