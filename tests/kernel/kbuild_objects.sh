#!/bin/sh
# kbuild_objects.sh - the module's gathered source tree, checked on the host
# (make check) so that a new core/ file missing from kernel/Kbuild's object
# list shows before make module / make check-kernel / DKMS would fail:
# stage-source.sh gathers the tree and refuses a list that differs from the
# sources; the tree holds copies (no symlinks), core/ and the compat tests,
# and a dkms.conf with the version filled in.
set -u
srcdir=${srcdir:-$(dirname "$0")/../..}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/heapread-kbuild.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
. "$srcdir/tests/check.sh"

out=$(sh "$srcdir/kernel/scripts/stage-source.sh" "$srcdir" "$tmp/src" 2>&1)
check kbuild-object-list-matches-sources $? "$out"
n=$(find "$tmp/src" -type l | wc -l)
check gathered-tree-has-no-symlinks "$n" "$n symlinks"
for f in Kbuild Makefile dkms.conf heapread_main.c compat/compat.sh core/heapread.h; do
	[ -f "$tmp/src/$f" ]
	check "gathered-tree-has-$f" $? "missing"
done
grep -q '^PACKAGE_VERSION="[0-9]' "$tmp/src/dkms.conf"
check dkms-conf-has-version $? "$(grep PACKAGE_VERSION "$tmp/src/dkms.conf")"
# A file dropped from the sources leaves the tree on the next gathering.
: > "$tmp/src/core/stale.c"
echo core/stale.c >> "$tmp/src/.heapread-files"
sh "$srcdir/kernel/scripts/stage-source.sh" "$srcdir" "$tmp/src" >/dev/null 2>&1
[ ! -e "$tmp/src/core/stale.c" ]
check regathering-removes-dropped-files $? "core/stale.c still there"
exit $fail
