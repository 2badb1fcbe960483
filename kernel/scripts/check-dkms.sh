#!/bin/sh
# check-dkms.sh - `dkms build` of heapread against each Debian kernel's headers
#
# Usage: check-dkms.sh SRCDIR WORKDIR [KERNEL...]     (default: all)
#
# The module's tree is gathered (stage-source.sh) as DKMS wants it,
# SOURCETREE/heapread-VERSION with dkms.conf, then `dkms add` and
# `dkms build -k KV --kernelsourcedir HEADERS` run with private --dkmstree,
# --sourcetree and --installtree under WORKDIR: nothing is installed and
# /var/lib/dkms is not touched. 7.3 runs the build root's own dkms (trixie's)
# inside that root. Exit status 0 when every kernel that ran built and one
# did, 77 when all were skipped (with the reason), else 1.
set -eu

[ $# -ge 2 ] || { echo "usage: $0 SRCDIR WORKDIR [KERNEL...]" >&2; exit 2; }
SRCDIR=$(cd "$1" && pwd)
WORK=$2
shift 2
HERE=$(cd "$(dirname "$0")" && pwd)
PROG=check-dkms
skip() { echo "$PROG: SKIP: $*"; exit 77; }
log() { echo "$PROG: $*"; }
. "$HERE/kernel-lib.sh"

KERNELS=$(kernel_args "$@")
VERSION=$(sed -n 's/^AC_INIT(\[[^]]*\], *\[\([^]]*\)\].*/\1/p' "$SRCDIR/configure.ac")
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)

# dkms_build KERNEL: 0 built, 77 skipped, else failed. Runs in a subshell.
dkms_build() {
	k=$1
	env=$(KERNEL=$k sh "$HERE/fetch-kernel.sh" 2>"$WORK/fetch-$k.log") || {
		rc=$?
		sed "s/^/[$k] /" "$WORK/fetch-$k.log"
		return $rc
	}
	eval "$env"
	T=$WORK/$k
	rm -rf "$T"
	mkdir -p "$T/src" "$T/dkms" "$T/install"
	sh "$HERE/stage-source.sh" "$SRCDIR" "$T/src/heapread-$VERSION" "$VERSION"
	if [ -n "$KBROOT" ]; then
		[ -x "$KBROOT/usr/sbin/dkms" ] || { echo "[$k] SKIP: no dkms in the build root"; return 77; }
		P=/mnt/build
		run() { KCHROOT_BIND=$T kernel_chroot "$KBROOT" "$@"; }
	else
		command -v dkms >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin
		command -v dkms >/dev/null 2>&1 || { echo "[$k] SKIP: dkms not found (apt-get install dkms)"; return 77; }
		P=$T
		run() { "$@"; }
	fi
	trees="--sourcetree $P/src --dkmstree $P/dkms --installtree $P/install"
	t0=$(date +%s)
	# shellcheck disable=SC2086
	if ! run dkms add -m heapread -v "$VERSION" $trees > "$T/dkms.log" 2>&1 ||
	   ! run dkms build -m heapread -v "$VERSION" -k "$KV" --kernelsourcedir "$KDIR" \
		$trees >> "$T/dkms.log" 2>&1; then
		sed "s/^/[$k] /" "$T/dkms.log"
		for f in "$T"/dkms/heapread/"$VERSION"/*/*/log/make.log; do
			[ -f "$f" ] && tail -n 30 "$f" | sed "s/^/[$k] make.log: /"
		done
		return 1
	fi
	ko=$(find "$T/dkms/heapread/$VERSION/$KV" -name 'heapread.ko*' | head -n 1)
	[ -n "$ko" ] || { echo "[$k] dkms build made no heapread.ko"; return 1; }
	echo "[$k] dkms build for $KV: ${ko#"$T"/} in $(($(date +%s) - t0)) s"
}

# shellcheck disable=SC2086
kernel_each dkms_build $KERNELS
kernel_verdict "dkms build"
