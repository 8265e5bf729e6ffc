#!/bin/sh
# Fetches Debian's current amd64 kernel for the benchmarks, without
# installing it: `apt-get download` of the package that the meta-package
# linux-image-amd64 depends on (linux-image-6.1.0-N-amd64 on bookworm),
# unpacked with dpkg-deb -x into DIR.  Leaves DIR/vmlinuz (a link to
# DIR/root/boot/vmlinuz-*), DIR/System.map (Debian's is a stub; see
# bench/profile.py) and DIR/package (the package's name and version).
# Nothing goes to /boot.
# Usage: bench/get-linux.sh DIR
set -eu

dir=$1
case $dir in "" | /) echo "bench: bad directory '$dir'" >&2 && exit 1 ;; esac
[ -e "$dir/vmlinuz" ] && exit 0
command -v apt-get >/dev/null 2>&1 || {
	echo "bench: need apt-get (Debian or Ubuntu) to fetch Linux" >&2
	exit 1
}
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo

depends() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-/ { print $2; exit }'
}
pkg=$(depends)
if [ -z "$pkg" ]; then
	echo "bench: updating the package lists to find linux-image-amd64"
	$sudo apt-get update -qq
	pkg=$(depends)
fi
[ -n "$pkg" ] || {
	echo "bench: linux-image-amd64 depends on no linux-image-* package" >&2
	exit 1
}

echo "bench: downloading $pkg (Debian's kernel, about 70 MB)"
rm -rf "$dir" && mkdir -p "$dir/deb"
# The _apt user cannot write to our build tree: download as ourselves.
(cd "$dir/deb" && apt-get download -q -o APT::Sandbox::User="$(id -un)" "$pkg")
dpkg-deb -x "$dir"/deb/*.deb "$dir/root"
set -- "$dir"/root/boot/vmlinuz-*
[ -f "$1" ] || {
	echo "bench: $pkg holds no /boot/vmlinuz-*" >&2
	exit 1
}
ln -s "root/boot/$(basename "$1")" "$dir/vmlinuz.tmp"
for map in "$dir"/root/boot/System.map-*; do
	ln -sf "root/boot/$(basename "$map")" "$dir/System.map"
done
# shellcheck disable=SC2016 # ${...} is dpkg-deb's syntax, not the shell's
dpkg-deb -W --showformat='${Package} ${Version}\n' "$dir"/deb/*.deb >"$dir/package"
rm -rf "$dir/deb"
mv "$dir/vmlinuz.tmp" "$dir/vmlinuz"
echo "bench: $(cat "$dir/package") -> $dir/vmlinuz"
