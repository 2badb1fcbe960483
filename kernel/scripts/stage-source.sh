#!/bin/sh
# stage-source.sh - gather heapread.ko's source tree: the one way the module's
# sources are put together, for `make module`, DKMS and an in-tree copy.
#
# Usage: stage-source.sh SRCDIR DEST [VERSION]
#
# DEST gets copies (not links) of kernel/Kbuild, kernel/Makefile,
# kernel/dkms.conf (with VERSION, default the one in configure.ac),
# kernel/*.[ch], kernel/compat/ and core/*.[ch] as core/. A file is copied
# only when its content changed, so Kbuild rebuilds only what changed; a file
# no longer in the set is removed. Fails when a core/*.c is not in Kbuild's
# object list (or Kbuild names a file that does not exist).
set -eu

[ $# -ge 2 ] || { echo "usage: $0 SRCDIR DEST [VERSION]" >&2; exit 2; }
SRC=$(cd "$1" && pwd)
DEST=$2
VERSION=${3:-$(sed -n 's/^AC_INIT(\[[^]]*\], *\[\([^]]*\)\].*/\1/p' "$SRC/configure.ac")}
[ -n "$VERSION" ] || VERSION=0

# Kbuild's objects against the files.
listed=$(sed -n 's/^heapread-y *+\{0,1\}:\{0,1\}= *//p' "$SRC/kernel/Kbuild" | tr ' ' '\n' | grep . | sort)
present=$( (cd "$SRC/kernel" && ls *.c; cd "$SRC" && ls core/*.c) | sed 's/\.c$/.o/' | sort)
if [ "$listed" != "$present" ]; then
	echo "stage-source: kernel/Kbuild's object list and the sources differ:" >&2
	echo "$listed" > "${TMPDIR:-/tmp}/hr-listed.$$"
	echo "$present" | diff "${TMPDIR:-/tmp}/hr-listed.$$" - | sed -n 's/^</  listed, no source:/p; s/^>/  source, not listed:/p' >&2
	rm -f "${TMPDIR:-/tmp}/hr-listed.$$"
	exit 1
fi

mkdir -p "$DEST/core" "$DEST/compat"
new=$DEST/.heapread-files.new
: > "$new"
put() {	# put FILE NAME-IN-DEST
	if ! cmp -s "$1" "$DEST/$2"; then
		cp "$1" "$DEST/$2.tmp"
		mv "$DEST/$2.tmp" "$DEST/$2"
	fi
	echo "$2" >> "$new"
}
for f in Kbuild Makefile; do
	put "$SRC/kernel/$f" "$f"
done
sed "s/@VERSION@/$VERSION/" "$SRC/kernel/dkms.conf" > "$DEST/.dkms.conf.tmp"
put "$DEST/.dkms.conf.tmp" dkms.conf
rm -f "$DEST/.dkms.conf.tmp"
for f in "$SRC"/kernel/*.c "$SRC"/kernel/*.h; do
	put "$f" "$(basename "$f")"
done
for f in "$SRC"/kernel/compat/*.c "$SRC"/kernel/compat/*.sh; do
	put "$f" "compat/$(basename "$f")"
done
for f in "$SRC"/core/*.c "$SRC"/core/*.h; do
	put "$f" "core/$(basename "$f")"
done
# What the previous gathering had and this one has not.
if [ -f "$DEST/.heapread-files" ]; then
	sort "$DEST/.heapread-files" | comm -23 - "$(sort "$new" > "$new.s"; echo "$new.s")" |
		while read -r f; do rm -f "$DEST/$f"; done
	rm -f "$new.s"
fi
mv "$new" "$DEST/.heapread-files"
