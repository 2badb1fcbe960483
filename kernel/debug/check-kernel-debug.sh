#!/bin/sh
# check-kernel-debug.sh - heapread in the debug kernel (KASAN, KFENCE,
# lockdep, kmemleak, fault injection), under qemu TCG
#
# Usage: check-kernel-debug.sh SRCDIR WORKDIR
#
# Builds (or takes from the cache) the debug kernel with kernel/upstream/'s
# series, heapread.ko against it, the guest programs (heapread_ktest, the
# module's suite; heapread_kdebug, the in-tree heap's tests and the fault
# sweeps; the kernel's dmabuf-heap selftest), an initramfs and an ext4 test
# disk, boots it and reads the verdict (kernel/debug/kdebug_main.c).
# Environment: KDEBUG_SEED (the fault schedules' seed), KDEBUG_STEPS (a
# subset of module,heap,fault), CHECK_KERNEL_DEBUG_TIMEOUT (default 900 s).
# Exit status: 0 pass, 77 skip (with the reason), else fail.
set -eu

[ $# -eq 2 ] || { echo "usage: $0 SRCDIR WORKDIR" >&2; exit 2; }
SRCDIR=$(cd "$1" && pwd)
WORK=$2
HERE=$SRCDIR/kernel/debug
KS=$SRCDIR/kernel/scripts
CC=${KTEST_CC:-gcc}
QEMU=${QEMU:-qemu-system-x86_64}
TIMEOUT=${CHECK_KERNEL_DEBUG_TIMEOUT:-900}

skip() { echo "check-kernel-debug: SKIP: $*"; exit 77; }
log() { echo "check-kernel-debug: $*"; }

command -v "$QEMU" >/dev/null 2>&1 ||
	skip "$QEMU not found (apt-get install --no-install-recommends qemu-system-x86)"
command -v timeout >/dev/null 2>&1 || skip "timeout not found (coreutils)"
[ "$(uname -m)" = x86_64 ] || skip "needs an x86_64 host"
[ "$($CC -print-file-name=libc.a)" != libc.a ] || skip "no static libc for $CC (apt-get install libc6-dev)"

mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	SCRATCH=$(mktemp -d /dev/shm/heapread-kdebug.XXXXXX)
else
	SCRATCH=$WORK/scratch
	rm -rf "$SCRATCH"
	mkdir -p "$SCRATCH"
fi
trap 'rm -rf "$SCRATCH"' EXIT

t0=$(date +%s)
set +e
env=$(sh "$HERE/build-debug-kernel.sh" "$SRCDIR")
rc=$?
set -e
[ $rc = 0 ] || { [ $rc = 77 ] && skip "no debug kernel (see above)"; exit $rc; }
eval "$env"
tk=$(date +%s)
log "debug kernel $KDVER ready in $((tk - t0)) s ($KDIMAGE)"

# The module against this tree; if it does not build, step 1 skips and says why.
KO=
if KH=$KDOBJ sh "$KS/build-module.sh" "$SRCDIR" "$SCRATCH/module" -s >"$SCRATCH/module.log" 2>&1; then
	KO=$SCRATCH/module/heapread.ko
	log "heapread.ko built against $KDVER"
else
	log "heapread.ko does not build against $KDVER; the module's suite will skip:"
	tail -n 5 "$SCRATCH/module.log" | sed 's/^/  | /'
fi

log "building the static guest programs"
CFLAGS="-O2 -Wall -Wextra -Werror -static"
$CC $CFLAGS -I"$SRCDIR/kernel" -I"$SRCDIR/tests/guest-lib" -I"$SRCDIR/lib/sys" \
	-o "$SCRATCH/heapread_ktest" "$SRCDIR"/tests/guest-lib/*.c "$SRCDIR"/tests/kernel/*.c
$CC $CFLAGS -I"$SRCDIR/kernel" -I"$SRCDIR/tests/guest-lib" -I"$SRCDIR/lib/sys" \
	-o "$SCRATCH/heapread_kdebug" "$SRCDIR"/tests/guest-lib/*.c "$HERE"/kdebug_*.c
# The kernel's own selftest, against the tree's uapi headers (with the series).
$CC -O2 -Wall -static -I"$KDHDR" -I"$KDSRC/tools/testing/selftests" \
	-o "$SCRATCH/dmabuf-heap" "$KDSRC/tools/testing/selftests/dmabuf-heaps/dmabuf-heap.c"

log "making the test disk and the initramfs"
mkdir -p "$SCRATCH/disk"
"$SCRATCH/heapread_ktest" gen "$SCRATCH/disk"
"$SCRATCH/heapread_kdebug" gen "$SCRATCH/disk"
mke2fs -q -t ext4 -F -d "$SCRATCH/disk" "$SCRATCH/disk.img" 512M
rm -rf "$SCRATCH/disk"
PROG=check-kernel-debug
. "$KS/initramfs-lib.sh"
BUSYBOX=$(initramfs_busybox) || exit $?
IR=$SCRATCH/initramfs
initramfs_base "$IR" "$BUSYBOX" "$HERE/guest-init.sh"
cp "$SCRATCH/heapread_ktest" "$SCRATCH/heapread_kdebug" "$SCRATCH/dmabuf-heap" "$IR/"
if [ -n "$KO" ]; then
	cp "$KO" "$IR/heapread.ko"
else
	grep -m 1 -e 'error' "$SCRATCH/module.log" > "$IR/module-skip.txt" ||
		tail -n 1 "$SCRATCH/module.log" > "$IR/module-skip.txt"
fi
initramfs_pack "$IR" "$SCRATCH/initrd.gz"

# Own qemu line (not run-qemu.sh): the debug kernel needs more memory (KASAN's
# shadow) and its own command line. dma_heap.mem_accounting=1: the buffers
# are charged to the memory cgroup, so that the test sees them come back.
append="console=ttyS0 loglevel=5 panic=-1 init_on_alloc=0 rdinit=/init"
append="$append dma_heap.mem_accounting=1 kfence.sample_interval=10"
# pci=noacpi: PCI interrupts from the BIOS's routing table. ACPI's _PRT loop
# runs into ACPICA's 30 s time limit under KASAN and a busy TCG host, and
# virtio-blk is then left without an interrupt.
append="$append pci=noacpi"
append="$append${KDEBUG_SEED:+ kdebug.seed=$KDEBUG_SEED}${KDEBUG_STEPS:+ kdebug.steps=$KDEBUG_STEPS}"
tq=$(date +%s)
log "prepared in $((tq - tk)) s; booting under qemu TCG (timeout $TIMEOUT s)"
# boot: one qemu run; sets rc.
boot() {
	rm -f "$WORK/serial.log" "$WORK/results.log"
	set +e
	timeout --foreground -k 5 "$TIMEOUT" "$QEMU" -accel tcg -m 2048 -smp 2 \
		-nodefaults -display none -no-reboot \
		-kernel "$KDIMAGE" -initrd "$SCRATCH/initrd.gz" -append "$append" \
		-drive "file=$SCRATCH/disk.img,format=raw,if=virtio,snapshot=on,cache=unsafe" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-serial "file:$WORK/serial.log" -serial "file:$WORK/results.log" </dev/null
	rc=$?
	set -e
}

# The one boot crash that is booted once more: an "Oops: int3" before /init
# ran, no result line. It is the kernel's own text patching tripping under
# multi-threaded TCG (seen on Debian's 7.3 in CI, kernel/scripts/run-qemu.sh).
# This kernel carries the in-tree heap, whose code runs at boot: any other
# crash before /init may be the project's and fails the run.
int3_before_init() {
	[ "$rc" = 0 ] && [ ! -s "$WORK/results.log" ] &&
		! grep -q 'init: up' "$WORK/serial.log" 2>/dev/null &&
		grep -q 'Oops: int3' "$WORK/serial.log" 2>/dev/null
}

boot
if int3_before_init; then
	log "the kernel tripped on its own text patching while booting (Oops: int3, before /init); booting once more"
	cp "$WORK/serial.log" "$WORK/serial-boot-crash.log"
	boot
fi
te=$(date +%s)

touch "$WORK/results.log"
# The serial port ends its lines with CR LF.
tr -d '\r' < "$WORK/results.log" > "$WORK/results.txt"
mv "$WORK/results.txt" "$WORK/results.log"
cat "$WORK/results.log"
passed=$(grep -c '^PASS ' "$WORK/results.log" || true)
failed=$(grep -c '^FAIL ' "$WORK/results.log" || true)
why=
case $rc in
1) ;;
3) why="the guest reported a failure" ;;
124|137) why="timeout after $TIMEOUT s (hang)" ;;
0) why="the guest stopped without a verdict (panic or crash)" ;;
*) why="qemu exited with status $rc" ;;
esac
[ "$rc" = 1 ] && [ "$failed" -gt 0 ] && why="FAIL lines despite a pass verdict"
[ "$rc" = 1 ] && [ "$passed" = 0 ] && why="no check ran"
grep -q '^RESULT .*failed-on-purpose' "$WORK/results.log" || why=${why:-"no RESULT line from heapread_kdebug"}
log "guest run $((te - tq)) s (qemu exit status $rc); kernel build/cache $((tk - t0)) s; preparation $((tq - tk)) s; total $((te - t0)) s"
log "the whole console log: $WORK/serial.log"
if [ -n "$why" ]; then
	log "FAILED: $why; end of the console log:"
	tail -n 80 "$WORK/serial.log" | sed 's/^/  | /'
	exit 1
fi
log "$passed passed, $failed failed"
