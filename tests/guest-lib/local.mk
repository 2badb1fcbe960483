# tests/guest-lib: what the static guest programs share (the module test in
# tests/kernel/ and the benchmark in bench/kernel/guest/). They are built by
# kernel/scripts/check-kernel.sh and bench/kernel/run-bench.sh, not here.
EXTRA_DIST += tests/guest-lib/guest.c tests/guest-lib/guest.h
