#!/bin/sh
# run-bench.sh - the seed's table measured in a booted Debian guest
#
# Usage: run-bench.sh SRCDIR WORKDIR REPORT
#   SRCDIR   top of the heapread source tree
#   WORKDIR  keeps the disk image (3.3 GiB, reused), the logs and the outputs
#   REPORT   the host-side formatter (bench/kernel/kbench-report)
#
# KERNEL (6.1 default, 6.12, 7.3) names the Debian kernel. Fetches it
# (kernel/scripts/fetch-kernel.sh), builds heapread.ko (build-module.sh) and,
# on 6.1 only, the kernel's dma-heap, system heap and udmabuf as patched
# modules (build-dmabuf.sh): 6.12 and 7.3 have their own built in, used
# as they are (no patches; udmabuf.size_limit_mb on the command line for GB
# buffers). Then the static guest program
# (bench/kernel/guest/), makes the test disk and an initramfs, then boots the
# guest under qemu TCG twice, with init_on_alloc=1 and =0, and formats the
# results: WORKDIR/bench-kernel[-KERNEL].{md,json,svg} (6.1 keeps the plain
# names); each table says which kernel it comes from.
#
# Environment: KBENCH_REPS (3), KBENCH_MAX (largest size in bytes; all),
# KBENCH_KEYS (schemes; all), KBENCH_MEM (guest MiB, 6144), KBENCH_SMP (2),
# KBENCH_IOA ("1 0": the init_on_alloc values), KBENCH_TIMEOUT (s per boot).
# Exit status: 0 done, 77 skipped (one-line reason), else failed.
set -eu

[ $# -eq 3 ] || { echo "usage: $0 SRCDIR WORKDIR REPORT" >&2; exit 2; }
SRCDIR=$(cd "$1" && pwd)
WORK=$2
REPORT=$3
HERE=$(cd "$(dirname "$0")" && pwd)
SCRIPTS=$SRCDIR/kernel/scripts
CC=${KTEST_CC:-gcc}
QEMU=${QEMU:-qemu-system-x86_64}
REPS=${KBENCH_REPS:-3}
MEM=${KBENCH_MEM:-6144}
SMP=${KBENCH_SMP:-2}
IOA=${KBENCH_IOA:-1 0}
TIMEOUT=${KBENCH_TIMEOUT:-900}

skip() { echo "bench-kernel: SKIP: $*"; exit 77; }
log() { echo "bench-kernel: $*"; }
t_start=$(date +%s)

command -v "$QEMU" >/dev/null 2>&1 ||
	skip "$QEMU not found (apt-get install --no-install-recommends qemu-system-x86)"
command -v timeout >/dev/null 2>&1 || skip "timeout not found (coreutils)"
[ "$(uname -m)" = x86_64 ] || skip "needs an x86_64 host (the guest runs a static program built here)"
[ "$($CC -print-file-name=libc.a)" != libc.a ] || skip "no static libc for $CC (apt-get install libc6-dev)"

mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	SCRATCH=$(mktemp -d /dev/shm/heapread-bench-kernel.XXXXXX)
else
	SCRATCH=$WORK/scratch
	rm -rf "$SCRATCH"
	mkdir -p "$SCRATCH"
fi
trap 'rm -rf "$SCRATCH"' EXIT

KERNEL=${KERNEL:-6.1}
. "$SCRIPTS/kernel-lib.sh"
kernel_conf "$KERNEL" || { echo "bench-kernel: unknown KERNEL=$KERNEL (known: $HEAPREAD_KERNELS)" >&2; exit 2; }
OUT=bench-kernel
[ "$KERNEL" = 6.1 ] || OUT=bench-kernel-$KERNEL
set +e
env=$(KERNEL=$KERNEL "$SCRIPTS/fetch-kernel.sh")
rc=$?
set -e
[ $rc = 0 ] || { [ $rc = 77 ] && skip "cannot fetch the Debian $KERNEL kernel (see above)"; exit $rc; }
eval "$env"
export KH KDIR KBROOT KCC

log "building heapread.ko against $KV"
"$SCRIPTS/build-module.sh" "$SRCDIR" "$SCRATCH/module" -s 2>&1 | grep -v '^Skipping BTF' || true
[ -f "$SCRATCH/module/heapread.ko" ] || { echo "bench-kernel: heapread.ko was not built" >&2; exit 1; }
CMDLINE=
if [ "$KHEAPS" = yes ]; then
	log "$KV has its own system heap and udmabuf: no comparison modules to build"
	mkdir -p "$SCRATCH/dmabuf/drivers/dma-buf"
	CMDLINE=" udmabuf.size_limit_mb=4096"
else
	log "building dma-heap, system heap and udmabuf from Debian's linux-source-6.1"
	"$HERE/build-dmabuf.sh" "$SCRATCH/dmabuf"
fi
log "building the static guest program"
KBENCH=$WORK/heapread_kbench
$CC -O2 -Wall -Wextra -static -pthread -I"$SRCDIR/kernel" -I"$SRCDIR/tests/guest-lib" \
	-I"$SRCDIR/lib/sys" -o "$KBENCH" "$SRCDIR"/tests/guest-lib/*.c "$SRCDIR"/bench/kernel/guest/*.c

# The disk: qemu reads it with cache=none (O_DIRECT on the host), so that
# the guest's reads are the device's and not the host's page cache; tmpfs
# has no O_DIRECT, so the image lives in WORKDIR.
stamp=$(cat "$SRCDIR/bench/kernel/guest/pattern.c" "$SRCDIR/tests/guest-lib/guest.c" "$SRCDIR/lib/sys/pattern.h" | cksum | cut -d' ' -f1)
"$HERE/make-disk.sh" "$KBENCH" "$stamp" "$WORK/disk.img" >/dev/null
cache="cache=none,aio=native"
if ! dd if="$WORK/disk.img" of=/dev/null bs=4096 count=1 iflag=direct 2>/dev/null; then
	cache="cache=writeback"
	log "WARNING: $WORK cannot do O_DIRECT: the disk runs with $cache (host page cache)"
fi

log "making the initramfs"
"$HERE/make-bench-initramfs.sh" "$SCRATCH" "$KMODS" "$HERE/bench-init.sh" "$KBENCH" \
	"$SCRATCH/module/heapread.ko" "$SCRATCH/dmabuf/drivers/dma-buf"

prep=$(($(date +%s) - t_start))
log "prepared in $prep s"
results=
for ioa in $IOA; do
	res=$WORK/results-$KERNEL-ioa$ioa.log
	serial=$WORK/serial-$KERNEL-ioa$ioa.log
	rm -f "$res" "$serial"
	log "booting $KV under qemu TCG with init_on_alloc=$ioa (-m $MEM -smp $SMP, $cache)"
	load0=$(cut -d" " -f1-3 /proc/loadavg)
	t0=$(date +%s)
	set +e
	timeout --foreground -k 5 "$TIMEOUT" "$QEMU" -accel tcg -m "$MEM" -mem-prealloc -smp "$SMP" \
		-nodefaults -display none -no-reboot \
		-kernel "$KIMAGE" -initrd "$SCRATCH/initrd.gz" \
		-append "console=ttyS0 loglevel=4 panic=-1 rdinit=/init init_on_alloc=$ioa$CMDLINE kbench_reps=$REPS${KBENCH_MAX:+ kbench_max=$KBENCH_MAX}${KBENCH_KEYS:+ kbench_keys=$KBENCH_KEYS}" \
		-drive "file=$WORK/disk.img,format=raw,if=virtio,readonly=on,$cache" \
		-serial "file:$serial" -serial "file:$res" </dev/null
	rc=$?
	set -e
	t1=$(date +%s)
	tr -d '\r' < "$res" > "$res.tmp" && mv "$res.tmp" "$res"
	echo "M qemu_wall_s=$((t1 - t0))" >> "$res"
	# The guest CPUs are host threads: other load on the host slows them.
	echo "M host_loadavg_before=\"$load0\" host_loadavg_after=\"$(cut -d" " -f1-3 /proc/loadavg)\"" >> "$res"
	log "init_on_alloc=$ioa: qemu ran $((t1 - t0)) s (exit status $rc); $(grep -c '^R ' "$res") results, $(grep -c '^E ' "$res") errors"
	if [ $rc = 124 ] || [ $rc = 137 ]; then
		log "timeout after $TIMEOUT s; console log: $serial"
	fi
	grep '^M splat' "$res" || true
	results="$results $res"
done

log "formatting"
set +e
{
	echo "Kernel: Debian $KERNEL, $KV (comparison schemes: $([ "$KHEAPS" = yes ] &&
		echo "the kernel's own system heap and udmabuf, no patches" ||
		echo "dma-heap, system heap and udmabuf built from linux-source-6.1 with patches"))"
	echo
	"$REPORT" --json "$WORK/$OUT.json" --svg "$WORK/$OUT.svg" $results
} > "$WORK/$OUT.md"
rc=$?
set -e
cat "$WORK/$OUT.md"
log "outputs: $WORK/$OUT.md, $WORK/$OUT.json, $WORK/$OUT.svg"
log "total $(($(date +%s) - t_start)) s (preparation $prep s)"
exit $rc
