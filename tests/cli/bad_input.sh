#!/bin/sh
# heapread load and compare on every bad input of issue 8: a one-line error
# and a non-zero exit each, never a hang; and the inputs that must work
# (a sparse file loads as its zeros, --auto falls back to buffered).
# Files are made in a directory under the build directory (ext4 here, so
# O_DIRECT works); the permission case drops root with setpriv, and the
# no-O_DIRECT case uses /dev/shm if its tmpfs refuses O_DIRECT (before Linux
# 6.6) or else a ramfs mounted for the test (root only).

srcdir=${srcdir:-$(dirname "$0")/../..}
. "$srcdir/tests/cli/cli_lib.sh"

if [ ! -x "$HEAPREAD" ]; then
	echo "no heapread program at $HEAPREAD"
	exit 99
fi
tmp=$(mktemp -d "${TMPDIR_CLI:-.}/cli-test.XXXXXX") || exit 99
chmod 755 "$tmp"
ramfs=
cleanup() {
	[ -n "$ramfs" ] && umount "$ramfs" 2>/dev/null && rmdir "$ramfs"
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
no_uring=$(uring_missing)

# --- files that are not loadable ---
expect_error "missing file" 1 'No such file or directory' load "$tmp/nope"
expect_error "directory" 1 'Is a directory' load "$tmp"
mkfifo "$tmp/fifo"
expect_error "FIFO (no writer: must not hang)" 1 'FIFO' load "$tmp/fifo"
expect_error "character device" 1 'character device' load /dev/null
: >"$tmp/empty"
expect_error "empty file" 1 'empty' load "$tmp/empty"
expect_error "compare: missing file" 1 'No such file or directory' compare "$tmp/nope"
expect_error "compare: FIFO" 1 'FIFO' compare "$tmp/fifo"

head -c 100000 /dev/urandom >"$tmp/small"
chmod 600 "$tmp/small"
cp "$tmp/small" "$tmp/noperm"
chmod 000 "$tmp/noperm"
if [ "$(id -u)" -ne 0 ]; then
	expect_error "no read permission" 1 'Permission denied' load "$tmp/noperm"
elif command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	HEAPREAD_WRAP_SAVED=$HEAPREAD_WRAP
	# A coverage build's profiling runtime cannot write its counters into the build
	# tree as nobody: send them to a scratch directory, off the one-line error checked.
	gcov_scratch=$(cd "$tmp" && pwd)/gcov
	mkdir -p "$gcov_scratch" && chmod 1777 "$gcov_scratch"
	HEAPREAD_WRAP="setpriv --reuid=65534 --regid=65534 --clear-groups env GCOV_PREFIX=$gcov_scratch $HEAPREAD_WRAP"
	if setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$HEAPREAD"; then
		expect_error "no read permission (as nobody)" 1 'Permission denied' load "$tmp/noperm"
	else
		skip "no read permission" "user nobody cannot run $HEAPREAD (a directory on its path is private)"
	fi
	HEAPREAD_WRAP=$HEAPREAD_WRAP_SAVED
else
	skip "no read permission" "running as root and cannot drop privileges (no setpriv)"
fi

# --- options that do not parse ---
expect_error "gather 0" 2 'gather' load --gather 0 "$tmp/small"
expect_error "gather not a size" 2 'gather.*abc' load --gather abc "$tmp/small"
expect_error "gather not a page multiple" 2 'gather' load --gather 1000 "$tmp/small"
expect_error "gather negative" 2 'gather' load --gather -4K "$tmp/small"
expect_error "gather overflows" 2 'out of range' load --gather 99999999999999999999 "$tmp/small"
expect_error "io-size with a fraction" 2 'io-size' load --io-size 1.5M "$tmp/small"
expect_error "io-size above 1G" 2 'io-size' load --io-size 2G "$tmp/small"
expect_error "qd 0" 2 'qd' load --qd 0 "$tmp/small"
expect_error "qd not a number" 2 'qd' load --qd four "$tmp/small"
expect_error "workers too many" 2 'workers' load --workers 1000 "$tmp/small"
expect_error "pages unknown" 2 'pages' load --pages 1g "$tmp/small"
expect_error "unknown option" 2 'unknown option' load --fast "$tmp/small"
expect_error "missing option value" 2 'missing value' load "$tmp/small" --gather
expect_error "no FILE" 2 'no FILE' load
expect_error "offset past the end" 1 'No such device or address' load --offset 10M "$tmp/small"
expect_error "length past the end" 1 'out of range' load --length 10M "$tmp/small"
expect_error "offset not a number" 2 'offset' load --offset x "$tmp/small"
expect_error "compare: reps 0" 2 'reps' compare --reps 0 "$tmp/small"
expect_error "unknown command" 2 'unknown command' frobnicate

# --- resources this machine may not have ---
if [ ! -e /dev/udmabuf ]; then
	expect_error "udmabuf without /dev/udmabuf" 1 'udmabuf' load --udmabuf "$tmp/small"
else
	skip "udmabuf without /dev/udmabuf" "/dev/udmabuf exists here"
fi
if [ ! -e /dev/heapread ] && [ ! -e /dev/dma_heap/heapread ]; then
	expect_error "module not loaded" 1 'insmod' load --module "$tmp/small"
else
	skip "module not loaded" "heapread's node exists here"
fi
free_huge=$(awk '/HugePages_Free/ {print $2}' /proc/meminfo)
if [ "${free_huge:-0}" -eq 0 ]; then
	expect_error "hugetlb without a pool" 1 'hugetlb.*nr_hugepages' load --pages hugetlb "$tmp/small"
else
	skip "hugetlb without a pool" "this machine has $free_huge free huge pages"
fi

# --- a file system without O_DIRECT ---
nodirect=
probe=/dev/shm/heapread-cli-probe.$$
if head -c 8192 /dev/urandom >"$probe" 2>/dev/null; then
	if ! dd if="$probe" of=/dev/null iflag=direct bs=4096 count=1 2>/dev/null; then
		nodirect=$probe
	else
		rm -f "$probe"
	fi
fi
if [ -z "$nodirect" ] && [ "$(id -u)" -eq 0 ]; then
	ramfs=$(mktemp -d /tmp/heapread-ramfs.XXXXXX)
	if mount -t ramfs none "$ramfs" 2>/dev/null; then
		nodirect=$ramfs/file
		head -c 300000 /dev/urandom >"$nodirect"
	else
		rmdir "$ramfs"
		ramfs=
	fi
fi
if [ -n "$nodirect" ]; then
	expect_error "no O_DIRECT: --direct" 1 'O_DIRECT.*(not supported|Invalid argument)' load --direct "$nodirect"
	run load --auto --verify "$nodirect"
	# --auto says why it went buffered: the file is cached (ramfs) or O_DIRECT was refused.
	if uring_skip "no O_DIRECT: --auto loads buffered and says why"; then
		:
	elif [ "$rc" -eq 0 ] && grep -q 'verify        ok' "$tmp/out" &&
	   grep -Eq 'mode +buffered.*auto: ' "$tmp/out" && [ "$(wc -l <"$tmp/err")" -le 1 ]; then
		ok "no O_DIRECT: --auto loads buffered and says why"
	else
		not_ok "no O_DIRECT: --auto loads buffered and says why" "exit $rc"
	fi
	[ "$nodirect" = "$probe" ] && rm -f "$probe"
else
	skip "no O_DIRECT" "tmpfs takes O_DIRECT on this kernel and ramfs cannot be mounted (not root)"
fi

# --- a file that shrinks while it is read ---
# --sync allocates the whole buffer (1 GiB) before the first read; the file is
# truncated as soon as heapread has it open, so the reads, which go by the size
# seen at open, find it shorter: -ENODATA, one line. Retried in case the
# truncate came too late on a very fast machine.
abs_tmp=$(cd "$tmp" && pwd)
shrank=no
[ -z "$no_uring" ] && for attempt in 1 2 3; do
	truncate -s 0 "$tmp/shrink"
	truncate -s 1G "$tmp/shrink"
	( run load --sync --direct "$tmp/shrink"; echo "$rc" >"$tmp/rc" ) &
	bg=$!
	i=0
	while [ $i -lt 400 ] && ! find /proc/[0-9]*/fd -lname "$abs_tmp/shrink" 2>/dev/null | grep -q .; do
		sleep 0.05
		i=$((i + 1))
	done
	truncate -s 1M "$tmp/shrink"
	wait $bg
	rc=$(cat "$tmp/rc")
	if [ "$rc" -ne 0 ]; then
		shrank=yes
		break
	fi
done
if uring_skip "file shrinks while read (-ENODATA)"; then
	:
elif [ "$shrank" = yes ] && [ "$rc" -eq 1 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
   grep -q 'shrank' "$tmp/err"; then
	ok "file shrinks while read (-ENODATA)"
elif [ "$shrank" = no ]; then
	skip "file shrinks while read" "the load finished before the truncate three times"
else
	not_ok "file shrinks while read (-ENODATA)" "exit $rc"
fi
rm -f "$tmp/shrink"

# --- inputs that must work ---
truncate -s 3M "$tmp/sparse"
printf 'tail' >>"$tmp/sparse"
uring_skip "sparse file loads as its zeros" ||
	expect_ok "sparse file loads as its zeros" 'verify +ok' load --verify "$tmp/sparse"
uring_skip "buffered load" || expect_ok "buffered load" 'verify +ok' load --buffered --verify "$tmp/small"
uring_skip "sync load" || expect_ok "sync load" 'verify +ok' load --sync --verify "$tmp/small"
run load --json "$tmp/small"
if uring_skip "--json: one object, nothing on stderr (no progress bar off a terminal)"; then
	:
elif [ "$rc" -eq 0 ] && grep -q '^{"file":.*"total_ns":[0-9]*' "$tmp/out" && [ ! -s "$tmp/err" ]; then
	ok "--json: one object, nothing on stderr (no progress bar off a terminal)"
else
	not_ok "--json: one object, nothing on stderr (no progress bar off a terminal)" "exit $rc"
fi
expect_ok "load --help" 'usage: heapread load' load --help
expect_ok "--version" '^heapread [0-9]' --version

finish
