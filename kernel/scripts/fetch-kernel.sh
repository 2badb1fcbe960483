#!/bin/sh
# fetch-kernel.sh - download and extract one of Debian's kernels: its image,
# the modules its test guest needs, its headers and kbuild.
#
# Usage: [KERNEL=6.1|6.12|7.3] fetch-kernel.sh [WORKDIR]
#                                          (or WORKDIR in $HEAPREAD_KTREE)
#
# KERNEL (default 6.1) names the series; kernel-lib.sh says which Debian
# suite each comes from. The packages are found with a private apt state and
# cached in $HEAPREAD_CACHE/debs (default ~/.cache/heapread/kernel); the ABI
# is what the suite's linux-image-amd64 depends on today (HEAPREAD_KV
# overrides it). They are extracted into WORKDIR (default: /dev/shm when it is
# a writable tmpfs: creating many files on this VM's ext4 is slow) and reused
# while a stamp matches. A kernel whose kbuild tools need a newer libc than
# the host's (7.3) gets its headers inside a build root (buildroot.sh).
#
# On success, prints shell assignments on stdout, for eval:
#   KERNEL KV       the series and the ABI (e.g. 6.1, 6.1.0-56-amd64)
#   KROOT KIMAGE    the extracted image tree and its vmlinuz
#   KMODS           its lib/modules/$KV/kernel, with heapread-disk.list and
#                   heapread-extra.list: the guest's modules in load order
#   KH              the headers (a host path)
#   KBROOT KDIR     the build root ("" when the host builds) and the headers'
#                   path as make sees it (inside the build root if any)
#   KCC             the compiler the headers call
# Exit status 77 (skip) with a one-line reason when a tool, root or the
# network is missing.
set -eu

PROG=fetch-kernel
skip() { echo "$PROG: SKIP: $*" >&2; exit 77; }
log() { echo "$PROG: $*" >&2; }
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/kernel-lib.sh"

KERNEL=${KERNEL:-6.1}
kernel_conf "$KERNEL" || { echo "$PROG: unknown KERNEL=$KERNEL (known: $HEAPREAD_KERNELS)" >&2; exit 2; }
for t in apt-get apt-cache dpkg-deb tar xz; do
	command -v "$t" >/dev/null 2>&1 || skip "$t not found (need a Debian host)"
done
[ -f /usr/share/keyrings/debian-archive-keyring.gpg ] ||
	skip "no /usr/share/keyrings/debian-archive-keyring.gpg (apt-get install debian-archive-keyring)"
mkdir -p "$KCACHE/debs"

# The packages: apt resolves them once; the answer is kept (KERNEL.pkgs) so
# that a later run without network still finds its cached debs.
kernel_apt "$KERNEL"
PKGFILE=$KCACHE/$KERNEL.pkgs
KV=${HEAPREAD_KV:-}
if [ -z "$KV" ]; then
	KV=$(kernel_depends linux-image-amd64 "^linux-image-$KERNEL\\.[0-9].*-amd64\$" | sort -V | tail -n 1)
fi
if [ -n "$KV" ]; then
	KV=${KV#linux-image-}
	kv_re=$(printf '%s' "$KV" | sed 's/[.+]/\\&/g')
	img=$(kernel_depends "linux-image-$KV" "^linux-(binary|modules)-$kv_re\$" | tr '\n' ' ')
	[ -n "$img" ] || img="linux-image-$KV"
	hdr=$(kernel_depends "linux-headers-$KV" '^linux-(headers-.*-common|kbuild-.*)$' | tr '\n' ' ')
	[ -n "$hdr" ] || skip "apt-cache show linux-headers-$KV names no -common/kbuild package"
	echo "KV=$KV IMG='$img' HDR='linux-headers-$KV $hdr'" > "$PKGFILE.tmp"
	mv "$PKGFILE.tmp" "$PKGFILE"
elif [ -f "$PKGFILE" ]; then
	log "apt names no linux-image-$KERNEL.*-amd64 (offline?): using the last one fetched"
else
	skip "cannot tell Debian's $KERNEL ABI: linux-image-amd64 of $KSUITES names none (network?)"
fi
. "$PKGFILE"

(
	kernel_lock debs
	# shellcheck disable=SC2086
	kernel_download $IMG $HDR
) || skip "apt-get download of $IMG $HDR failed (no network?)"

if [ $# -ge 1 ]; then
	WORK=$1
elif [ -n "${HEAPREAD_KTREE:-}" ]; then
	WORK=$HEAPREAD_KTREE
elif [ -d /dev/shm ] && [ -w /dev/shm ]; then
	WORK=/dev/shm/heapread-kernels-$(id -u)
else
	WORK=$KCACHE/tree
fi
mkdir -p "$WORK"
# The recipe is in the directory names too: a helper running an older
# script must not re-extract the tree under a newer one's feet.
RECIPE=4
ROOT=$WORK/$KV-r$RECIPE
KMODS=$ROOT/lib/modules/$KV/kernel
# The stamps name the debs and the extraction recipe.
debnames() { for p in "$@"; do basename "$(kernel_deb "$p")"; done | tr '\n' ' '; }

extract_image() {
	log "extracting $KV's image and modules into $ROOT"
	rm -rf "$ROOT"
	mkdir -p "$ROOT"
	for p in $IMG; do
		dpkg-deb --fsys-tarfile "$(kernel_deb "$p")" |
			tar -x -C "$ROOT" --wildcards './boot/vmlinuz-*' './lib/modules/*' \
				'./usr/lib/modules/*' 2>/dev/null || true
	done
	# 7.x packages: /usr/lib/modules/$KV/{vmlinuz,kernel/}.
	if [ -d "$ROOT/usr/lib/modules/$KV" ]; then
		mkdir -p "$ROOT/boot" "$ROOT/lib/modules"
		mv "$ROOT/usr/lib/modules/$KV" "$ROOT/lib/modules/$KV"
		[ ! -f "$ROOT/lib/modules/$KV/vmlinuz" ] ||
			mv "$ROOT/lib/modules/$KV/vmlinuz" "$ROOT/boot/vmlinuz-$KV"
	fi
	[ -f "$ROOT/boot/vmlinuz-$KV" ] || { echo "$PROG: no vmlinuz-$KV in $IMG" >&2; exit 1; }
	sh "$HERE/guest-modules.sh" "$ROOT/lib/modules/$KV"
}

# Headers and kbuild into DEST: on the host a tree whose Makefile is fixed
# to include the -common tree from there; in a build root at the paths the
# packages use.
extract_headers() {
	dest=$1
	for p in $HDR; do
		dpkg-deb -x "$(kernel_deb "$p")" "$dest"
	done
}

(
	kernel_lock "tree-$KV"
	want="recipe$RECIPE $(debnames $IMG)"
	if [ ! -f "$ROOT/.heapread-stamp" ] || [ "$(cat "$ROOT/.heapread-stamp")" != "$want" ]; then
		extract_image
		echo "$want" > "$ROOT/.heapread-stamp"
	fi
)

KBROOT=
if [ -n "$KBUILDROOT" ]; then
	KBROOT=$(sh "$HERE/buildroot.sh" "$KBUILDROOT") || exit $?
	KDIR=/usr/src/linux-headers-$KV
	KH=$KBROOT$KDIR
	(
		kernel_lock "buildroot-$KBUILDROOT"
		want="recipe$RECIPE $(debnames $HDR)"
		stamp=$KBROOT/.heapread-headers-$KV
		if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
			log "extracting $KV's headers into the $KBUILDROOT build root"
			extract_headers "$KBROOT"
			echo "$want" > "$stamp"
		fi
	)
else
	HROOT=$WORK/headers-$KV-r$RECIPE
	KH=$HROOT/usr/src/linux-headers-$KV
	KDIR=$KH
	(
		kernel_lock "tree-$KV"
		want="recipe$RECIPE $(debnames $HDR)"
		if [ ! -f "$HROOT/.heapread-stamp" ] || [ "$(cat "$HROOT/.heapread-stamp")" != "$want" ]; then
			log "extracting $KV's headers into $HROOT"
			rm -rf "$HROOT"
			mkdir -p "$HROOT"
			extract_headers "$HROOT"
			# The headers Makefile includes the -common tree by absolute path.
			sed -i "s|^include /usr/src/|include $HROOT/usr/src/|" "$KH/Makefile"
			echo "$want" > "$HROOT/.heapread-stamp"
		fi
	)
fi

echo "KERNEL=$KERNEL"
echo "KV=$KV"
echo "KH=$KH"
echo "KDIR=$KDIR"
echo "KBROOT=$KBROOT"
echo "KCC=$KCC"
echo "KROOT=$ROOT"
echo "KIMAGE=$ROOT/boot/vmlinuz-$KV"
echo "KMODS=$KMODS"
