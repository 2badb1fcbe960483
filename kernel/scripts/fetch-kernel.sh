#!/bin/sh
# fetch-kernel.sh - download and extract Debian's kernel image, headers and
# kbuild for the ABI that linux-image-amd64 currently depends on.
#
# Usage: fetch-kernel.sh [WORKDIR]    (or WORKDIR in $HEAPREAD_KTREE)
#
# The .deb files are cached in $HEAPREAD_CACHE (default
# ~/.cache/heapread/kernel). They are extracted into WORKDIR (default: a
# directory on /dev/shm when it is a writable tmpfs, because creating 16k
# files on this VM's ext4 is slow, else under the cache). The extracted tree
# is reused when its stamp matches the ABI.
#
# On success, prints shell assignments on stdout, for eval:
#   KV=6.1.0-56-amd64 KH=<headers dir> KROOT=<extracted root> KIMAGE=<vmlinuz>
# Exit status 77 (skip) with a one-line reason when a tool or the network is
# missing.
set -eu

skip() { echo "fetch-kernel: SKIP: $*" >&2; exit 77; }
log() { echo "fetch-kernel: $*" >&2; }

for t in apt-get apt-cache dpkg-deb tar; do
	command -v "$t" >/dev/null 2>&1 || skip "$t not found (need a Debian host)"
done

CACHE=${HEAPREAD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/heapread/kernel}
mkdir -p "$CACHE/debs"

# The ABI: an explicit HEAPREAD_KV wins, else what linux-image-amd64 names,
# else (no apt lists) the newest ABI already in the cache.
KV=${HEAPREAD_KV:-}
if [ -z "$KV" ]; then
	KV=$(apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/.*Depends: linux-image-\(6\.1\.[^ ]*-amd64\)$/\1/p' | head -n 1)
fi
if [ -z "$KV" ]; then
	KV=$(ls "$CACHE/debs" 2>/dev/null |
		sed -n 's/^linux-image-\(6\.1\.[0-9]*-[0-9]*-amd64\)_.*\.deb$/\1/p' |
		sort -V | tail -n 1)
fi
[ -n "$KV" ] || skip "cannot tell the 6.1 kernel ABI: apt-cache depends linux-image-amd64 names none (run apt-get update on Debian bookworm)"
ABI=${KV%-amd64}

PKGS="linux-image-$KV linux-headers-$KV linux-headers-$ABI-common linux-kbuild-6.1"
cd "$CACHE/debs"
missing=
for p in $PKGS; do
	ls "${p}"_*.deb >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
	log "downloading$missing into $CACHE/debs"
	# apt-get download as root into a dir _apt cannot write warns; harmless.
	apt-get download $missing >&2 2>/dev/null || apt-get download $missing >&2 ||
		skip "apt-get download$missing failed (no network or no apt lists?)"
fi
deb() { ls "$CACHE/debs/${1}"_*.deb | sort -V | tail -n 1; }

if [ $# -ge 1 ]; then
	WORK=$1
elif [ -n "${HEAPREAD_KTREE:-}" ]; then
	WORK=$HEAPREAD_KTREE
elif [ -d /dev/shm ] && [ -w /dev/shm ]; then
	WORK=/dev/shm/heapread-kernel-$(id -u)
else
	WORK=$CACHE/tree
fi
ROOT=$WORK/$KV
KH=$ROOT/usr/src/linux-headers-$KV
KIMAGE=$ROOT/boot/vmlinuz-$KV
STAMP=$ROOT/.heapread-stamp
# The stamp names the debs and the set of files taken from the image.
EXTRACT_SET=2
want="set$EXTRACT_SET $(for p in $PKGS; do basename "$(deb "$p")"; done | tr '\n' ' ')"

if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$want" ]; then
	log "extracting $KV into $ROOT"
	rm -rf "$ROOT"
	mkdir -p "$ROOT"
	for p in linux-headers-$KV linux-headers-$ABI-common linux-kbuild-6.1; do
		dpkg-deb -x "$(deb "$p")" "$ROOT"
	done
	# The headers Makefile includes the -common tree by absolute path.
	sed -i "s|^include /usr/src/|include $ROOT/usr/src/|" "$KH/Makefile"
	# From the image: vmlinuz, the modules the guest needs for an ext4
	# disk on virtio-blk (crc32c_generic: metadata_csum) and vgem, a
	# dma-buf importer for the test.
	M=./lib/modules/$KV/kernel
	dpkg-deb --fsys-tarfile "$(deb "linux-image-$KV")" |
		tar -x -C "$ROOT" --wildcards "./boot/vmlinuz-$KV" \
			"$M/drivers/virtio/*" "$M/drivers/block/virtio_blk.ko" \
			"$M/fs/ext4/*" "$M/fs/jbd2/*" "$M/fs/mbcache.ko" \
			"$M/lib/crc16.ko" "$M/crypto/crc32c_generic.ko" \
			"$M/drivers/gpu/drm/drm.ko" \
			"$M/drivers/gpu/drm/drm_shmem_helper.ko" \
			"$M/drivers/gpu/drm/vgem/vgem.ko"
	echo "$want" > "$STAMP"
fi

echo "KV=$KV"
echo "KH=$KH"
echo "KROOT=$ROOT"
echo "KIMAGE=$KIMAGE"
echo "KMODS=$ROOT/lib/modules/$KV/kernel"
