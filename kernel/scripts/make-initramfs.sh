#!/bin/sh
# make-initramfs.sh - build the guest's initramfs and test disk
#
# Usage: make-initramfs.sh WORKDIR KMODS INIT KO KTEST [FILE...]
#   WORKDIR  scratch dir (gets initramfs/, disk/, initrd.gz, disk.img)
#   KMODS    lib/modules/$KV/kernel of the extracted linux-image
#   INIT     the guest /init script
#   KO       heapread.ko
#   KTEST    the static test program (also run here to write the test files)
#   FILE     more programs for the guest, copied to / under their own name
#            (with the host's libraries when dynamically linked)
set -eu

[ $# -ge 5 ] || { echo "usage: $0 WORKDIR KMODS INIT KO KTEST [FILE...]" >&2; exit 2; }
WORK=$1 KMODS=$2 INIT=$3 KO=$4 KTEST=$5
shift 5
skip() { echo "make-initramfs: SKIP: $*" >&2; exit 77; }

PROG=make-initramfs
. "$(dirname "$0")/initramfs-lib.sh"
for t in cpio gzip mke2fs readelf; do
	command -v $t >/dev/null 2>&1 || skip "$t not found (apt-get install cpio gzip e2fsprogs binutils)"
done

BUSYBOX=$(initramfs_busybox) || exit $?
IR=$WORK/initramfs
rm -rf "$WORK/disk"
mkdir -p "$WORK/disk"
initramfs_base "$IR" "$BUSYBOX" "$INIT"
cp "$KO" "$IR/heapread.ko"
cp "$KTEST" "$IR/heapread_ktest"
for f in "$@"; do
	cp "$f" "$IR/"
	# A dynamic program (the heapread loader as built for the host) takes
	# the host's libraries along, at their paths.
	if [ "$(LC_ALL=C readelf -d "$f" 2>/dev/null | grep -c NEEDED)" != 0 ]; then
		for lib in $(ldd "$f" | sed -n 's/.*=> \(\/[^ ]*\).*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) .*/\1/p'); do
			mkdir -p "$IR$(dirname "$lib")"
			cp -L "$lib" "$IR$lib"
		done
	fi
done
initramfs_disk_modules "$IR" "$KMODS"
# vgem (with its drm modules): an importer for the dma-buf test; loaded by
# /init when present, the checks that need it skip otherwise.
initramfs_modules "$IR" "$KMODS" extra extra
initramfs_pack "$IR" "$WORK/initrd.gz"

# The test files, on ext4 (ramfs has no O_DIRECT).
"$KTEST" gen "$WORK/disk"
rm -f "$WORK/disk.img"
mke2fs -q -t ext4 -F -d "$WORK/disk" "$WORK/disk.img" 320M
