#!/bin/sh
# Installs what `make bench` needs beyond tools/deps.sh (which `make deps`
# runs first): gnuplot for the plots and dpkg-deb for unpacking Linux.
# On Debian and Ubuntu it runs apt-get (as root, or through sudo);
# elsewhere it names what to install and stops.
set -eu

missing=
command -v gnuplot >/dev/null 2>&1 || missing="$missing gnuplot-nox"
command -v dpkg-deb >/dev/null 2>&1 || missing="$missing dpkg"
[ -z "$missing" ] && exit 0

echo "bench: missing packages:$missing"
if ! command -v apt-get >/dev/null 2>&1; then
	echo "bench: not a Debian/Ubuntu system; please install:$missing" >&2
	exit 1
fi
sudo=
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null 2>&1 || {
		echo "bench: run as root or install sudo to install:$missing" >&2
		exit 1
	}
	sudo=sudo
fi
$sudo apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
	--no-install-recommends $missing
