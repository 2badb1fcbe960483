#!/bin/sh
# make-series.sh - regenerate kernel/upstream/'s patch series against Debian's
# linux-source-7.3 from the kept steps and today's core/.
#
# Usage: make-series.sh SRCDIR [--check] [--bisect]
#   SRCDIR    top of the heapread source tree
#   --check   do not write: fail if the committed patches differ from what
#             the steps and core/ give now
#   --bisect  afterwards build every prefix of the series (and the whole)
#             incrementally in the debug kernel's cached tree
#
# The steps are kernel/upstream/steps/NN-name.msg (commit message), an
# optional NN-name.diff (the kept change, against the tree after the steps
# before it) and an optional NN-name.engine, which names the directory that
# receives core/*.[ch] as they are now, with a Makefile that builds them.
# The engine's files are never edited by hand in two places: the series
# carries whatever core/ holds when it is regenerated.
#
# Then every patch must be checkpatch --strict clean and every file the
# series touches kernel-doc clean (scripts of the same tree), or this fails.
# Exit status 77 when the kernel source cannot be had.
set -eu

die() { echo "make-series: $*" >&2; exit 1; }
log() { echo "make-series: $*" >&2; }

[ $# -ge 1 ] || { echo "usage: $0 SRCDIR [--check] [--bisect]" >&2; exit 2; }
TOP=$(cd "$1" && pwd)
shift
CHECK=0 BISECT=0
for a in "$@"; do
	case $a in
	--check) CHECK=1 ;;
	--bisect) BISECT=1 ;;
	*) echo "make-series: unknown argument $a" >&2; exit 2 ;;
	esac
done
UP=$TOP/kernel/upstream
STEPS=$UP/steps

set +e
env=$(sh "$TOP/kernel/debug/build-debug-kernel.sh" "$TOP" --source-only)
rc=$?
set -e
[ $rc = 0 ] || exit $rc
eval "$env"
command -v perl >/dev/null 2>&1 || { echo "make-series: SKIP: perl not found" >&2; exit 77; }

if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	WORK=$(mktemp -d /dev/shm/heapread-series.XXXXXX)
else
	WORK=$(mktemp -d)
fi
trap 'rm -rf "$WORK"' EXIT
T=$WORK/tree

# A clone that shares the cached tree's objects and checks out only what
# the series touches: seconds, not the whole source.
git clone -q --shared --no-checkout "$KDSRC" "$T"
git -C "$T" config gc.auto 0
git -C "$T" sparse-checkout set --no-cone /MAINTAINERS /drivers/dma-buf/ \
	/include/linux/dma-heap.h /include/uapi/linux/dma-heap.h \
	/Documentation/userspace-api/dma-buf-heaps.rst
git -C "$T" checkout -q --detach base

# What the series was made against, file by file: the git blob ids of
# drivers/dma-buf/ and of every other file the series touches, as Debian
# ships them. A mainline clone compares itself in one command (README.md).
BASE_PATHS="drivers/dma-buf include/linux/dma-heap.h include/uapi/linux/dma-heap.h
Documentation/userspace-api/dma-buf-heaps.rst MAINTAINERS"
# shellcheck disable=SC2086
git -C "$T" ls-tree -r base -- $BASE_PATHS > "$WORK/base-blobs.txt"

# The same author and dates every time: regenerating unchanged inputs
# gives byte-identical patches.
NAME=$(git -C "$TOP" config user.name || echo heapread)
EMAIL=$(git -C "$TOP" config user.email || echo heapread@localhost)
export GIT_AUTHOR_NAME="$NAME" GIT_AUTHOR_EMAIL="$EMAIL"
export GIT_COMMITTER_NAME="$NAME" GIT_COMMITTER_EMAIL="$EMAIL"
export GIT_AUTHOR_DATE="2026-11-30T00:00:00+0000" GIT_COMMITTER_DATE="2026-11-30T00:00:00+0000"

copy_engine() {
	dest=$T/$1
	mkdir -p "$dest"
	objs=
	for f in "$TOP"/core/*.c "$TOP"/core/*.h; do
		cp "$f" "$dest/"
		case $f in *.c) objs="$objs $(basename "${f%.c}").o" ;; esac
	done
	{
		echo "# SPDX-License-Identifier: GPL-2.0"
		echo "# The heapread engine: a buffer for a whole file, read while it is allocated."
		echo "obj-y +=$objs"
	} > "$dest/Makefile"
}

n=0
for msg in "$STEPS"/[0-9][0-9]-*.msg; do
	step=${msg%.msg}
	n=$((n + 1))
	if [ -f "$step.diff" ]; then
		git -C "$T" apply --whitespace=error-all "$step.diff" ||
			die "$(basename "$step").diff does not apply"
	fi
	if [ -f "$step.engine" ]; then
		copy_engine "$(cat "$step.engine")"
	fi
	# -f: Debian's top-level .gitignore ignores everything.
	git -C "$T" add -f -A .
	{ cat "$msg"; echo; echo "Signed-off-by: $NAME <$EMAIL>"; } |
		git -C "$T" commit -q -F - || die "step $(basename "$step") changes nothing"
done
[ "$n" -gt 0 ] || die "no steps in $STEPS"

OUT=$WORK/out
git -C "$T" format-patch -q --zero-commit --no-signature --cover-letter \
	--subject-prefix="PATCH v3" -o "$OUT" base..HEAD
# The cover letter: the kept text in place of format-patch's placeholders.
cover=$OUT/0000-cover-letter.patch
subject=$(head -n 1 "$UP/cover-letter.txt")
tail -n +3 "$UP/cover-letter.txt" > "$WORK/blurb"
awk -v subject="$subject" -v blurb="$WORK/blurb" '
	/\*\*\* SUBJECT HERE \*\*\*/ { sub(/\*\*\* SUBJECT HERE \*\*\*/, subject) }
	/^\*\*\* BLURB HERE \*\*\*$/ {
		while ((getline line < blurb) > 0) print line
		next
	}
	{ print }' "$cover" > "$cover.new"
mv "$cover.new" "$cover"

# checkpatch --strict on every patch, from the tree the series is for. A
# step may name checkpatch types it cannot fix yet (NN-name.checkpatch-ignore,
# with the reason); what they let through is printed, never hidden.
bad=0 known=0
i=0
for msg in "$STEPS"/[0-9][0-9]-*.msg; do
	i=$((i + 1))
	p=$(ls "$OUT"/$(printf %04d "$i")-*.patch)
	ign=${msg%.msg}.checkpatch-ignore
	types=
	[ -f "$ign" ] && types=$(grep -v -e '^#' -e '^$' "$ign" | paste -sd, -)
	if ! (cd "$KDSRC" && perl scripts/checkpatch.pl --strict --quiet --show-types \
		${types:+--ignore "$types"} "$p" >"$WORK/cp.log" 2>&1); then
		echo "make-series: checkpatch --strict: $(basename "$p"):" >&2
		cat "$WORK/cp.log" >&2
		bad=1
	fi
	if [ -n "$types" ]; then
		(cd "$KDSRC" && perl scripts/checkpatch.pl --strict --quiet --show-types "$p") \
			>"$WORK/cp-all.log" 2>&1 || true
		k=$(grep -c -E "^(WARNING|CHECK|ERROR):($(echo "$types" | tr , '|'))" "$WORK/cp-all.log" || true)
		if [ "$k" -gt 0 ]; then
			known=$((known + k))
			log "$(basename "$p"): $k known checkpatch warning(s) of type $types let through:"
			grep -A3 -E "^(WARNING|CHECK|ERROR):" "$WORK/cp-all.log" | sed 's/^/    /' >&2
		fi
	fi
done
[ "$bad" = 0 ] || die "checkpatch found problems (above)"
if [ "$known" = 0 ]; then
	log "checkpatch --strict: clean ($n patches)"
else
	log "checkpatch --strict: clean ($n patches) but for $known known warning(s) listed above"
fi

# kernel-doc on every C file the series adds or changes.
files=$(git -C "$T" diff --name-only --diff-filter=AM base HEAD -- '*.c' '*.h')
(cd "$T" && "$KDSRC/scripts/kernel-doc" -none -Wall $files) >"$WORK/kd.log" 2>&1 ||
	{ cat "$WORK/kd.log" >&2; die "kernel-doc failed"; }
if [ -s "$WORK/kd.log" ]; then
	cat "$WORK/kd.log" >&2
	die "kernel-doc warnings (above)"
fi
log "kernel-doc -Wall: clean ($(echo $files | wc -w) files)"

if [ "$CHECK" = 1 ]; then
	same=1
	[ "$(cd "$OUT" && ls ./*.patch)" = "$(cd "$UP" && ls ./*.patch 2>/dev/null)" ] || same=0
	cmp -s "$WORK/base-blobs.txt" "$UP/base-blobs.txt" || same=0
	for p in "$OUT"/*.patch; do
		cmp -s "$p" "$UP/$(basename "$p")" || same=0
	done
	[ "$same" = 1 ] ||
		die "the committed series differs from what core/ and the steps give: run make upstream-series"
	log "the committed series is up to date with core/ and the steps"
else
	rm -f "$UP"/*.patch
	cp "$OUT"/*.patch "$UP/"
	cp "$WORK/base-blobs.txt" "$UP/"
	log "wrote $(ls "$OUT"/*.patch | wc -l) files to kernel/upstream/ (cover letter and $n patches)"
fi

if [ "$BISECT" = 1 ]; then
	i=1
	while [ "$i" -le "$n" ]; do
		log "building the series' first $i of $n patches"
		sh "$TOP/kernel/debug/build-debug-kernel.sh" "$TOP" --patches "$i" >/dev/null ||
			die "the series' first $i patches do not build"
		i=$((i + 1))
	done
	log "every prefix of the series builds (1..$n)"
fi
