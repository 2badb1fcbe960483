#!/bin/sh
# buildroot.sh - a Debian build root for kernels whose kbuild tools the host
# cannot run (Debian's 7.3 packages: gcc-14, fixdep/modpost need glibc 2.38).
#
# Usage: buildroot.sh RELEASE      (e.g. trixie)
#
# Made once with debootstrap from Debian's packages into
# $HEAPREAD_CACHE/buildroot-RELEASE and reused; a stamp names what it holds,
# a lock keeps two helpers from making it at once. Prints its path on stdout.
# Exit status 77 with a reason when it cannot be made here (not root, no
# debootstrap, no network).
set -eu

PROG=buildroot
skip() { echo "$PROG: SKIP: $*" >&2; exit 77; }
log() { echo "$PROG: $*" >&2; }
. "$(dirname "$0")/kernel-lib.sh"

[ $# -eq 1 ] || { echo "usage: $0 RELEASE" >&2; exit 2; }
REL=$1
case $REL in
trixie) GCC=gcc-14 LIBELF=libelf1t64 LIBSSL=libssl3t64 ;;
*) echo "$PROG: no recipe for $REL" >&2; exit 2 ;;
esac
# What a module build needs (Debian's headers call $GCC; objtool, modpost and
# BTF need libelf, libssl, zlib, pahole), plus what the selftest and the
# DKMS test run inside the root.
PKGS="$GCC,make,$LIBELF,libc6-dev,bc,kmod,xz-utils,ca-certificates,pahole,$LIBSSL,zlib1g,dkms"
ROOT=$KCACHE/buildroot-$REL
STAMP=$ROOT/.heapread-stamp
want="$REL $PKGS"

[ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && { echo "$ROOT"; exit 0; }

[ "$(id -u)" = 0 ] || skip "making the $REL build root needs root (debootstrap, chroot)"
command -v debootstrap >/dev/null 2>&1 || skip "debootstrap not found (apt-get install debootstrap)"
[ -f "/usr/share/debootstrap/scripts/$REL" ] || skip "this debootstrap does not know $REL"

kernel_lock "buildroot-$REL"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$want" ]; then
	t0=$(date +%s)
	log "debootstrap $REL into $ROOT (once; about 500 MB)"
	rm -rf "$ROOT.tmp"
	mkdir -p "$ROOT.tmp" "$KCACHE/debootstrap-debs"
	if ! debootstrap --variant=minbase --cache-dir="$KCACHE/debootstrap-debs" \
		--include="$PKGS" "$REL" "$ROOT.tmp" "$(kernel_mirror main)" \
		> "$KCACHE/buildroot-$REL.log" 2>&1; then
		tail -n 20 "$KCACHE/buildroot-$REL.log" >&2
		rm -rf "$ROOT.tmp"
		skip "debootstrap $REL failed (no network?); log in $KCACHE/buildroot-$REL.log"
	fi
	mkdir -p "$ROOT.tmp/mnt/build"
	echo "$want" > "$ROOT.tmp/.heapread-stamp"
	rm -rf "$ROOT"
	mv "$ROOT.tmp" "$ROOT"
	log "made in $(($(date +%s) - t0)) s"
fi
echo "$ROOT"
