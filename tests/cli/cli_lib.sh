# Shared by the CLI test scripts (sourced). Runs heapread on bad input and
# checks what a user sees: a non-zero exit, exactly one line on stderr that
# starts with "heapread: ", and no hang (every run is under a timeout).
#
# HEAPREAD      the program (default ./heapread, the build directory's)
# HEAPREAD_WRAP a command to run it under, e.g.
#               "valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"

HEAPREAD=${HEAPREAD:-./heapread}
TIMEOUT=${CLI_TIMEOUT:-20}
pass=0
fail=0
skipped=0

note() { printf '%s\n' "$*"; }

ok() {
	pass=$((pass + 1))
	note "ok   $1"
}

not_ok() {
	fail=$((fail + 1))
	note "FAIL $1"
	[ -n "$2" ] && note "     $2"
	[ -s "$tmp/err" ] && sed 's/^/     stderr: /' "$tmp/err"
	return 0
}

skip() {
	skipped=$((skipped + 1))
	note "skip $1: $2"
}

# run ARGS...: heapread under the timeout; stdout in $tmp/out, stderr in $tmp/err, status in $rc
run() {
	# shellcheck disable=SC2086
	timeout -k 5 "$TIMEOUT" $HEAPREAD_WRAP "$HEAPREAD" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

# expect_error NAME WANT_RC PATTERN ARGS...: exit WANT_RC (any non-zero when "nz"),
# one stderr line starting "heapread: " and matching the grep -E PATTERN.
expect_error() {
	name=$1 want=$2 pattern=$3
	shift 3
	run "$@"
	lines=$(wc -l <"$tmp/err")
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		not_ok "$name" "timed out (hang) after ${TIMEOUT}s"
	elif [ "$rc" -eq 0 ]; then
		not_ok "$name" "exit status 0, want an error"
	elif [ "$want" != nz ] && [ "$rc" -ne "$want" ]; then
		not_ok "$name" "exit status $rc, want $want"
	elif [ "$lines" -ne 1 ]; then
		not_ok "$name" "$lines lines on stderr, want 1"
	elif ! grep -q '^heapread: ' "$tmp/err"; then
		not_ok "$name" "stderr does not start with 'heapread: '"
	elif ! grep -Eq "$pattern" "$tmp/err"; then
		not_ok "$name" "stderr does not match /$pattern/"
	else
		ok "$name"
	fi
}

# expect_ok NAME PATTERN ARGS...: exit 0 and stdout matching PATTERN.
expect_ok() {
	name=$1 pattern=$2
	shift 2
	run "$@"
	if [ "$rc" -ne 0 ]; then
		not_ok "$name" "exit status $rc, want 0"
	elif ! grep -Eq "$pattern" "$tmp/out"; then
		not_ok "$name" "stdout does not match /$pattern/"
	else
		ok "$name"
	fi
}

# uring_missing: why heapread cannot read through io_uring here, or nothing.
# A ring refused with EPERM (seccomp, io_uring_disabled), ENOSYS or EINVAL is
# a missing facility, as liburing's own tests count it; the loads that need
# it are skipped (uring_skip), not failed. Needs $tmp.
uring_missing() {
	printf 'x' >"$tmp/uring-probe"
	run load --buffered "$tmp/uring-probe"
	if [ "$rc" -ne 0 ] &&
	   grep -Eq 'Operation not permitted|Function not implemented|Invalid argument' "$tmp/err"; then
		printf 'io_uring is refused here (%s)' "$(sed -n '1s/^heapread: //p' "$tmp/err")"
	fi
	rm -f "$tmp/uring-probe"
}

# uring_skip NAME: true (and NAME counted as skipped) when $no_uring says
# io_uring is missing: "uring_skip NAME || check NAME ...".
uring_skip() {
	[ -n "$no_uring" ] || return 1
	skip "$1" "$no_uring"
}

# Automake's statuses: 0 pass, 1 fail, 77 skip (nothing ran), 99 hard error.
finish() {
	note "$pass passed, $fail failed, $skipped skipped"
	[ "$fail" -eq 0 ] || exit 1
	[ "$pass" -gt 0 ] || exit 77
	exit 0
}
