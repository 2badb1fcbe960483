#!/bin/sh
# guest-modules.sh - which modules the test guest loads, in load order
#
# Usage: guest-modules.sh MODDIR       (a kernel's lib/modules/$KV)
#
# Writes MODDIR/kernel/heapread-disk.list (an ext4 disk on virtio-blk) and
# MODDIR/kernel/heapread-extra.list (vgem and vivid, dma-buf importers), paths under
# MODDIR/kernel, each module after what it depends on (modules.dep; depmod
# is run when the tree has none, as Debian's packages leave it to the
# installation). A module built into the kernel is not listed. Compressed
# modules are unpacked beside themselves: busybox insmod reads plain ELF.
# make-initramfs.sh copies what the lists name; a kernel built with
# everything in (a debug kernel) gets two empty lists.
set -eu

PROG=guest-modules
skip() { echo "$PROG: SKIP: $*" >&2; exit 77; }
[ $# -eq 1 ] || { echo "usage: $0 MODDIR" >&2; exit 2; }
md=$(cd "$1" && pwd)
KV=$(basename "$md")
mkdir -p "$md/kernel"

# modules.dep paths of the guest's modules, in load order: each module after
# what it depends on. $1: the tree with modules.dep; then module names. A name
# built into the kernel (modules.builtin) or absent is left out.
mod_order() {
	md=$1
	shift
	for m in "$@"; do
		awk -v m="$m" -F: '
			function base(p) { sub(/.*\//, "", p); sub(/\.ko(\.[a-z]+)?$/, "", p); gsub(/-/, "_", p); return p }
			{ dep[$1] = $2; if (base($1) == m) want = $1 }
			function visit(p,   n, i, d) {
				if (p in seen) return
				seen[p] = 1
				n = split(dep[p], d, " ")
				for (i = n; i >= 1; i--) visit(d[i])
				print p
			}
			END { if (want != "") visit(want) }' "$md/modules.dep"
	done | awk '!seen[$0]++'
}

if [ ! -s "$md/modules.dep" ]; then
	command -v depmod >/dev/null 2>&1 || PATH=$PATH:/sbin:/usr/sbin
	command -v depmod >/dev/null 2>&1 || skip "depmod not found (apt-get install kmod)"
	# depmod -b wants BASE/lib/modules/$KV.
	case $md in
	*/lib/modules/"$KV") depmod -b "${md%/lib/modules/$KV}" "$KV" 2>/dev/null ;;
	*) echo "$PROG: $md is not .../lib/modules/KV" >&2; exit 1 ;;
	esac
fi
# crc32c_generic: on 6.1 ext4's metadata_csum asks the crypto API for it and
# the guest has no modprobe helper; later kernels use the crc32c library.
mod_order "$md" virtio_pci virtio_blk crc32c_generic ext4 > "$md/kernel/heapread-disk.list.tmp"
# vivid (videobuf2-vmalloc): an importer that vmaps, for the exporter test.
mod_order "$md" vgem vivid > "$md/kernel/heapread-extra.list.tmp"
for f in $(cat "$md/kernel/heapread-disk.list.tmp" "$md/kernel/heapread-extra.list.tmp"); do
	case $f in
	*.ko.xz) xz -dc "$md/$f" > "$md/${f%.xz}" ;;
	*.ko.zst) zstd -qdc "$md/$f" > "$md/${f%.zst}" ;;
	*.ko.gz) gzip -dc "$md/$f" > "$md/${f%.gz}" ;;
	esac
done
for l in disk extra; do
	sed 's|^kernel/||; s/\.ko\.[a-z]*$/.ko/' "$md/kernel/heapread-$l.list.tmp" > "$md/kernel/heapread-$l.list"
	rm -f "$md/kernel/heapread-$l.list.tmp"
done
grep -q 'ext4\.ko$' "$md/kernel/heapread-disk.list" ||
	grep -q '/ext4\.ko' "$md/modules.builtin" 2>/dev/null ||
	{ echo "$PROG: $KV has no ext4, neither as a module nor built in" >&2; exit 1; }
