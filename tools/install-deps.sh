#!/bin/sh
# Install the Debian packages Sotto's build, run and tests need, if missing.
# Idempotent and quick when everything is there; needs root (or sudo) to install.
set -e

PKGS="make gcc python3 clang libclang-rt-dev clang-format gcc-arm-none-eabi picolibc-arm-none-eabi \
qemu-system-arm gdb-multiarch git"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "install-deps: installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
