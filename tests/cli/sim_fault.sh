#!/bin/sh
# heapread sim --fault: the engine schemes under a fault plan return the
# injected errno (or succeed when the fault never fires), and every load gives
# everything back; a bad spec is one line on stderr and exit status 2.

srcdir=${srcdir:-$(dirname "$0")/../..}
. "$srcdir/tests/cli/cli_lib.sh"

[ -x "$HEAPREAD" ] || { echo "no heapread program at $HEAPREAD"; exit 99; }
tmp=$(mktemp -d "${TMPDIR_CLI:-.}/cli-test.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM

# 8 MB is one gather (the ramp's 8 MiB: one read); 1 GB is 25;
# patch 1 reads everything at once.
run sim --fault 'read@5:EIO' --sizes 8M,1G --schemes heapread-direct,patch1-direct
if [ "$rc" -eq 0 ] &&
   grep -q '^| heapread .* | 8MB | ok | [0-9]* | 0 | yes |$' "$tmp/out" &&
   grep -q '^| heapread .* | 1GB | -EIO | [0-9]* | 1 | yes |$' "$tmp/out" &&
   grep -q '^| patch1 direct I/O | 1GB | ok | [0-9]* | 0 | yes |$' "$tmp/out" &&
   [ "$(grep -c '| yes |$' "$tmp/out")" -eq 4 ]; then
	ok "read@5:EIO: -EIO once the fifth read exists, everything given back"
else
	not_ok "read@5:EIO: -EIO once the fifth read exists, everything given back" "exit $rc"
	sed 's/^/     out: /' "$tmp/out"
fi

run sim --fault 'signal@alloc=5' --sizes 64M --schemes heapread-buffered
if [ "$rc" -eq 0 ] && grep -q '^| heapread .* | 64MB | -EINTR | [0-9]* | 1 | yes |$' "$tmp/out"; then
	ok "signal@alloc=5: -EINTR, everything given back"
else
	not_ok "signal@alloc=5: -EINTR, everything given back" "exit $rc"
	sed 's/^/     out: /' "$tmp/out"
fi

expect_error "bad fault spec" 2 'unknown fault' sim --fault 'bogus@1'

finish
