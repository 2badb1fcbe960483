#!/bin/busybox sh
# bench-init.sh - /init of the benchmark's initramfs: mount the test disk,
# load the comparison modules (dma-heap + system heap, udmabuf) and
# heapread.ko, run heapread_kbench, power off. The host reads the result
# lines from the second serial port. Settings come from the kernel command
# line (unknown name=value parameters reach /init as environment):
# kbench_reps, kbench_max (bytes), kbench_keys (scheme keys, comma-separated).
/bin/busybox mkdir -p /bin /proc /sys /dev /mnt /tmp
/bin/busybox --install -s /bin
mount -t devtmpfs dev /dev
exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t tmpfs tmp /tmp
echo "init: up after $(cut -d' ' -f1 /proc/uptime) s"
fail() {
	echo "E scheme=init size=0 rep=0 err=\"$*\"" > /dev/ttyS1
	echo "init: $*"
	poweroff -f
}
for m in $(cat /mods/list); do
	insmod "/mods/$m" || fail "insmod $m failed"
done
mount -t ext4 -o ro /dev/vda /mnt || fail "cannot mount /dev/vda"
# 6.1's patched comparison modules; 6.12 and 7.3 have their own built in.
if [ -f /kmods/dma-heap.ko ]; then
	insmod /kmods/dma-heap.ko || fail "insmod dma-heap.ko failed"
	insmod /kmods/system_heap.ko || fail "insmod system_heap.ko failed"
	insmod /kmods/udmabuf.ko size_limit_mb=4096 || fail "insmod udmabuf.ko failed"
fi
# dyndbg=+p: the module logs each load's phases (pr_debug) for the benchmark.
insmod /kmods/heapread.ko dyndbg=+p || fail "insmod heapread.ko failed"
for d in /dev/dma_heap/system /dev/heapread /dev/udmabuf; do
	[ -e $d ] || fail "$d missing"
done
# The disk as the guest sees it (for the sim profile).
for q in max_sectors_kb max_hw_sectors_kb max_segments nr_requests read_ahead_kb; do
	echo "M vda_$q=$(cat /sys/block/vda/queue/$q)"
done > /dev/ttyS1
/kbench run -r "${kbench_reps:-3}" ${kbench_max:+-s $kbench_max} ${kbench_keys:+-k $kbench_keys}
echo "init: heapread_kbench exited with $? at $(cut -d' ' -f1 /proc/uptime) s"
# Anything the kernel complained about makes the run suspect: report it.
dmesg | grep -E 'BUG:|WARNING:|Oops|Call Trace:|soft lockup|blocked for more than' |
	sed 's/"/'"'"'/g; s/^/M splat="/; s/$/"/' > /dev/ttyS1
poweroff -f
