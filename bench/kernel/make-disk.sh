#!/bin/sh
# make-disk.sh - the benchmark's ext4 disk image with its test files
#
# Usage: make-disk.sh KBENCH STAMP IMAGE
#   KBENCH  the static benchmark program ("KBENCH gen DIR" writes the files)
#   STAMP   a string that changes when the files' content does
#   IMAGE   the disk image to make (kept, with IMAGE.stamp, and reused while
#           the stamp is the same: writing 3 GiB takes a while)
#
# The files (512 KiB to 2 GiB) are written on tmpfs when it has room, then
# copied into the image by mke2fs -d (no mount, no root needed). The image
# is sparse apart from the files.
set -eu

[ $# -eq 3 ] || { echo "usage: $0 KBENCH STAMP IMAGE" >&2; exit 2; }
KBENCH=$1 STAMP=$2 IMAGE=$3
log() { echo "make-disk: $*" >&2; }

if [ -f "$IMAGE" ] && [ -f "$IMAGE.stamp" ] && [ "$(cat "$IMAGE.stamp")" = "$STAMP" ]; then
	log "reusing $IMAGE"
	exit 0
fi
command -v mke2fs >/dev/null 2>&1 ||
	{ echo "make-disk: SKIP: mke2fs not found (apt-get install e2fsprogs)" >&2; exit 77; }

need_kib=$((3200 * 1024))
stage=
if [ -d /dev/shm ] && [ -w /dev/shm ] &&
   [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -gt $((need_kib + 1048576)) ]; then
	stage=$(mktemp -d /dev/shm/heapread-kbench-files.XXXXXX)
else
	stage=$IMAGE.files
	rm -rf "$stage"
	mkdir -p "$stage"
fi
trap 'rm -rf "$stage"' EXIT

log "writing the test files"
"$KBENCH" gen "$stage"
used_kib=$(du -sk "$stage" | cut -f1)
# Room for ext4's metadata and journal on top of the files.
size_mib=$((used_kib / 1024 + used_kib / 1024 / 16 + 128))
log "mke2fs -d: ${size_mib} MiB image with $((used_kib / 1024)) MiB of files"
rm -f "$IMAGE" "$IMAGE.stamp"
mke2fs -q -t ext4 -F -m 0 -d "$stage" "$IMAGE" "${size_mib}M" >/dev/null
echo "$STAMP" > "$IMAGE.stamp"
