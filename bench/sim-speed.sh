#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# bench-sim: how long the whole default table (every scheme x 512K,8M,1G,3G)
# takes to simulate, and how many simulated pages per second that is.
# Fails if the median of 5 runs is 2 s or more. HEAPREAD: the program.
set -eu
HEAPREAD=${HEAPREAD:-./heapread}
RUNS=${RUNS:-5}
LIMIT_MS=${LIMIT_MS:-2000}

schemes=$("$HEAPREAD" sim --list-schemes | grep -vc "(by key only)")
# Pages loaded by one default table: every scheme loads every size once.
pages=$(( schemes * (512 * 1024 + 8 * 1024 * 1024 + 1024 * 1024 * 1024 + 3 * 1024 * 1024 * 1024) / 4096 ))

times=""
i=0
while [ "$i" -lt "$RUNS" ]; do
	start=$(date +%s%N)
	"$HEAPREAD" sim >/dev/null
	end=$(date +%s%N)
	times="$times $(( (end - start) / 1000000 ))"
	i=$((i + 1))
done
median=$(printf '%s\n' $times | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
min=$(printf '%s\n' $times | sort -n | head -1)
max=$(printf '%s\n' $times | sort -n | tail -1)
echo "bench-sim: default table, $schemes schemes x 4 sizes, $RUNS runs"
echo "bench-sim: wall ms min/median/max: $min / $median / $max"
echo "bench-sim: simulated pages: $pages; $(( pages * 1000 / (median > 0 ? median : 1) )) pages/s (median)"
if [ "$median" -ge "$LIMIT_MS" ]; then
	echo "bench-sim: FAIL: median $median ms >= $LIMIT_MS ms" >&2
	exit 1
fi
echo "bench-sim: PASS (< $LIMIT_MS ms)"
