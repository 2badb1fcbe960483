# check.sh - sourced by the shell tests: one PASS or FAIL line per check,
# and $fail for the exit status (exit $fail at the end).
#
#   check NAME STATUS [MESSAGE]   PASS NAME when STATUS is 0, else FAIL NAME: MESSAGE
fail=0
check() {
	if [ "$2" = 0 ]; then
		echo "PASS $1"
	else
		echo "FAIL $1${3:+: $3}"
		fail=1
	fi
}
