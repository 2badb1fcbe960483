#!/bin/sh
# run_qemu_retry.sh - run-qemu.sh's verdicts, with a stand-in for qemu that
# replays console and result logs (make check, no kernel needed).
#
# A guest kernel that dies while booting, before /init and heapread.ko ran,
# is booted once more (seen in CI: Debian 7.3 under multi-threaded TCG);
# any crash once the project's code ran is a failure on the spot, and a
# second boot crash is a failure too.
set -u
srcdir=${srcdir:-$(dirname "$0")/../..}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/heapread-runqemu.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
. "$srcdir/tests/check.sh"

# The stand-in: each boot replays the next line of $tmp/script, one of
#   bootcrash  an Oops before /init (qemu exits 0 after the panic)
#   modcrash   an Oops after heapread.ko was loaded
#   pass       two PASS lines and a RESULT, verdict pass (qemu exit 1)
cat > "$tmp/fake-qemu" <<'FAKE'
#!/bin/sh
serial= results=
while [ $# -gt 0 ]; do
	if [ "$1" = -serial ]; then
		f=${2#file:}
		if [ -z "$serial" ]; then serial=$f; else results=$f; fi
		shift
	fi
	shift
done
n=$(cat "$FAKE_DIR/boots" 2>/dev/null || echo 0)
n=$((n + 1))
echo "$n" > "$FAKE_DIR/boots"
: > "$results"
case $(sed -n "${n}p" "$FAKE_DIR/script") in
bootcrash)
	printf '%s\n' '[    1.86] Oops: int3: 0000 [#1] SMP NOPTI' \
		'[    1.86] RIP: 0010:sched_clock_cpu+0x9/0x1f0' \
		'[    1.86] Kernel panic - not syncing: Fatal exception in interrupt' > "$serial"
	exit 0 ;;
modcrash)
	printf '%s\n' 'init: up after 2.10 s' \
		'[    2.50] heapread: loading out-of-tree module taints kernel.' \
		'[    3.00] BUG: kernel NULL pointer dereference, address: 0000000000000008' \
		'[    3.00] Kernel panic - not syncing: Fatal exception' > "$serial"
	exit 0 ;;
pass)
	echo 'init: up after 2.10 s' > "$serial"
	printf '%s\n' 'PASS one' 'PASS two' 'RESULT pass' > "$results"
	exit 1 ;;
esac
exit 0
FAKE
chmod +x "$tmp/fake-qemu"

# run_case NAME SCRIPT...: boots run-qemu.sh with the stand-in; sets out, rc, boots.
run_case() {
	name=$1
	shift
	d=$tmp/$name
	mkdir -p "$d"
	printf '%s\n' "$@" > "$d/script"
	out=$(FAKE_DIR=$d QEMU=$tmp/fake-qemu sh "$srcdir/kernel/scripts/run-qemu.sh" \
		kernel initrd disk "$d" 10 2>&1)
	rc=$?
	boots=$(cat "$d/boots")
}

run_case retry bootcrash pass
check boot-crash-then-pass-passes "$rc" "exit $rc: $out"
[ "$boots" = 2 ]
check boot-crash-boots-once-more $? "$boots boots"
echo "$out" | grep -q 'crashed while booting, before /init'
check boot-crash-is-reported $? "$out"
[ -s "$tmp/retry/serial-boot-crash.log" ]
check boot-crash-console-kept $? "no serial-boot-crash.log"
echo "$out" | grep -q '^check-kernel: 2 passed, 0 failed$'
check boot-crash-then-pass-counts-the-second-boot $? "$out"

run_case twice bootcrash bootcrash
[ "$rc" != 0 ] && [ "$boots" = 2 ]
check second-boot-crash-fails "$?" "exit $rc after $boots boots"

run_case module modcrash pass
[ "$rc" != 0 ] && [ "$boots" = 1 ]
check crash-after-module-load-fails-without-retry "$?" "exit $rc after $boots boots"
echo "$out" | grep -q 'stopped without a verdict'
check crash-after-module-load-says-why $? "$out"

run_case plain pass
[ "$rc" = 0 ] && [ "$boots" = 1 ]
check plain-pass-boots-once "$?" "exit $rc after $boots boots"
exit $fail
