#!/bin/sh
# compat.sh - heapread.ko's kernel feature tests. As OpenZFS's configure does
# for its module, each API difference heapread meets is found by building a
# small test against the target kernel's build tree, never by comparing
# version numbers. Each compat/*.c is one test; its comment says
#
#    * compat: NAME compile|link
#
# "compile" tests build the object only; "link" tests build a whole module,
# so that modpost also checks the symbols they use are exported to modules.
# NAME is defined in the output header when the test builds; every test's
# answer is written there with its one-line description.
#
# Usage: compat.sh KDIR OUTPUT       (run by the module's Makefile)
#
# The header is rewritten only when KDIR, its kernel release or a test
# changed. sanity.c must build, or the tree is not usable and this fails.
set -eu

[ $# -eq 2 ] || { echo "usage: $0 KDIR OUTPUT" >&2; exit 2; }
KDIR=$1 OUT=$2
HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=$HERE/build
REL=$(cat "$KDIR/include/config/kernel.release" 2>/dev/null || echo unknown)
SUM=$(cat "$HERE"/*.c "$HERE/compat.sh" | cksum | cut -d' ' -f1)
ID="/* for $KDIR ($REL), tests $SUM */"
if [ -f "$OUT" ] && [ "$(sed -n 2p "$OUT")" = "$ID" ]; then
	exit 0
fi

# The tests must not inherit the caller's make flags (W=1, C=2, -Werror).
unset MAKEFLAGS MFLAGS MAKEOVERRIDES MAKELEVEL KCFLAGS || true
kbuild() { make -C "$KDIR" M="$1" "$@" >> "$BUILD/log" 2>&1; }

tests=
for t in "$HERE"/*.c; do
	tests="$tests $(basename "$t" .c)"
done
rm -rf "$BUILD"
mkdir -p "$BUILD/compile"
: > "$BUILD/log"
for t in $tests; do
	kind=$(sed -n 's/^ \* compat: [A-Z0-9_-]* \(compile\|link\)$/\1/p' "$HERE/$t.c")
	case $kind in
	compile)
		cp "$HERE/$t.c" "$BUILD/compile/"
		;;
	link)
		mkdir -p "$BUILD/$t"
		cp "$HERE/$t.c" "$BUILD/$t/"
		echo "obj-m := $t.o" > "$BUILD/$t/Kbuild"
		;;
	*)
		echo "compat: $t.c has no ' * compat: NAME compile|link' line" >&2
		exit 1
		;;
	esac
done
objs=$(cd "$BUILD/compile" && ls *.c 2>/dev/null | sed 's/\.c$/.o/' | tr '\n' ' ')
echo "obj-m := $objs" > "$BUILD/compile/Kbuild"
# One kbuild run for all compile tests (-k: a failing test stops no other).
[ -z "$objs" ] || make -C "$KDIR" M="$BUILD/compile" -k -j2 $objs >> "$BUILD/log" 2>&1 || true
for t in $tests; do
	[ -d "$BUILD/$t" ] || continue
	make -C "$KDIR" M="$BUILD/$t" modules >> "$BUILD/log" 2>&1 || true
done

found() {
	[ -f "$BUILD/compile/$1.o" ] || [ -f "$BUILD/$1/$1.ko" ]
}
if ! found sanity; then
	echo "compat: the sanity test does not build against $KDIR: the build tree or the compiler is broken; log:" >&2
	sed 's/^/  | /' "$BUILD/log" >&2
	exit 1
fi

{
	echo "/* heapread_config.h - written by compat/compat.sh: do not edit */"
	echo "$ID"
	for t in $tests; do
		[ "$t" = sanity ] && continue
		name=$(sed -n 's/^ \* compat: \([A-Z0-9_]*\) .*/\1/p' "$HERE/$t.c")
		what=$(sed -n '/^ \* compat: /{n;s/^ \* //p;q}' "$HERE/$t.c")
		echo
		if found "$t"; then
			echo "/* $t: yes: $what */"
			echo "#define $name 1"
		else
			echo "/* $t: no: $what */"
			echo "/* #undef $name */"
		fi
	done
} > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
echo "compat: $REL:$(sed -n 's|^/\* \([a-z0-9_]*\): \([a-z]*\):.*|  \1=\2|p' "$OUT" | tr -d '\n')"
