#!/bin/sh
# run-qemu.sh - boot the test guest under qemu TCG and read its verdict
#
# Usage: run-qemu.sh KERNEL INITRD DISK WORKDIR [TIMEOUT_SECONDS]
#
# The console goes to WORKDIR/serial.log, the test's result lines to
# WORKDIR/results.log (a second serial port). The guest reports through
# isa-debug-exit: qemu exits 1 for a pass, 3 for a fail. Any other exit
# (panic, poweroff before a verdict, timeout 124) is a failure. Prints the
# result lines, then "check-kernel: N passed, M failed"; on failure also
# the console log. Exit status 0 only for a pass; 77 when qemu is missing.
# A guest kernel that crashes while booting, before any of the project's
# code ran, is booted once more, and the run says so (died_before_our_code).
# QEMU may name another program (tests/kernel/run_qemu_retry.sh does).
set -u

[ $# -ge 4 ] || { echo "usage: $0 KERNEL INITRD DISK WORKDIR [TIMEOUT]" >&2; exit 2; }
KERNEL=$1 INITRD=$2 DISK=$3 WORK=$4 TIMEOUT=${5:-150}
QEMU=${QEMU:-qemu-system-x86_64}

command -v "$QEMU" >/dev/null 2>&1 ||
	{ echo "run-qemu: SKIP: $QEMU not found (apt-get install --no-install-recommends qemu-system-x86)"; exit 77; }
command -v timeout >/dev/null 2>&1 ||
	{ echo "run-qemu: SKIP: timeout not found (coreutils)"; exit 77; }

SERIAL=$WORK/serial.log
RESULTS=$WORK/results.log

# boot: one qemu run; sets rc.
# TCG only: the /dev/kvm of these machines cannot run a stock kernel.
# snapshot=on: the guest may write to the disk, the image stays as made.
# init_on_alloc=0: Debian turns it on, which would zero every page and hide
# an engine that forgets to clear the tail past EOF or a len allocation.
boot() {
	rm -f "$SERIAL" "$RESULTS"
	timeout --foreground -k 5 "$TIMEOUT" "$QEMU" -accel tcg -m 1536 -smp 2 \
		-nodefaults -display none -no-reboot \
		-kernel "$KERNEL" -initrd "$INITRD" \
		-append "console=ttyS0 loglevel=5 panic=-1 init_on_alloc=0 rdinit=/init" \
		-drive "file=$DISK,format=raw,if=virtio,snapshot=on,cache=unsafe" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-serial "file:$SERIAL" -serial "file:$RESULTS" </dev/null
	rc=$?
}

# died_before_our_code: the guest kernel crashed while booting, before the
# initramfs's /init ran and before heapread.ko was loaded: no result line,
# no "init: up" line, no mention of heapread, and an Oops or panic on the
# console. Multi-threaded TCG (two vCPU threads) has been seen to trip a
# stock kernel's own text patching this way (an "Oops: int3" in
# sched_clock_cpu at 1.9 s on Debian's 7.3); nothing of the project had run,
# so that boot says nothing about the module and is booted once more.
died_before_our_code() {
	[ "$rc" = 0 ] || return 1
	[ ! -s "$RESULTS" ] || return 1
	! grep -q 'init: up\|heapread' "$SERIAL" 2>/dev/null || return 1
	grep -q 'Oops\|Kernel panic\|BUG:' "$SERIAL" 2>/dev/null
}

start=$(date +%s.%N)
boot
if died_before_our_code; then
	echo "run-qemu: the guest kernel crashed while booting, before /init and the module ran:"
	grep -m 3 'Oops\|Kernel panic\|BUG:\|RIP:' "$SERIAL" | sed 's/^/  | /'
	cp "$SERIAL" "$WORK/serial-boot-crash.log"
	echo "run-qemu: booting once more (the first console log is in $WORK/serial-boot-crash.log)"
	boot
fi
end=$(date +%s.%N)
secs=$(awk "BEGIN { printf \"%.1f\", $end - $start }")

touch "$RESULTS"
cat "$RESULTS"
passed=$(grep -c '^PASS ' "$RESULTS")
failed=$(grep -c '^FAIL ' "$RESULTS")
why=
case $rc in
1) ;;
3) why="the guest reported a failure" ;;
124|137) why="timeout after ${TIMEOUT} s (hang)" ;;
0) why="the guest stopped without a verdict (panic or crash)" ;;
*) why="qemu exited with status $rc" ;;
esac
[ "$rc" = 1 ] && [ "$failed" -gt 0 ] && why="FAIL lines despite a pass verdict"
[ "$rc" = 1 ] && [ "$passed" = 0 ] && why="no check ran"
if ! grep -q '^RESULT ' "$RESULTS"; then
	[ -n "$why" ] || why="no RESULT line"
	failed=$((failed + 1))
fi
echo "run-qemu: guest run took $secs s (qemu exit status $rc)"
if [ -n "$why" ]; then
	echo "run-qemu: FAILED: $why; console log ($SERIAL):"
	sed 's/^/  | /' "$SERIAL"
	[ "$failed" -gt 0 ] || failed=1
fi
echo "check-kernel: $passed passed, $failed failed"
[ -z "$why" ]
