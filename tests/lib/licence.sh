#!/bin/sh
# libheapread and the code it compiles in (lib/, core/, kshim/) are
# GPL-2.0 OR MIT (README, "Licence"): every C file there says so in its
# first SPDX line, so that a new file cannot make the library GPL-only.
srcdir=${srcdir:-$(dirname "$0")/../..}
bad=0
n=0
for f in $(cd "$srcdir" && find lib core kshim -name '*.[ch]' | sort); do
	n=$((n + 1))
	if ! head -2 "$srcdir/$f" | grep -q 'SPDX-License-Identifier: GPL-2.0 OR MIT'; then
		echo "FAIL $f: $(head -2 "$srcdir/$f" | grep -o 'SPDX-License-Identifier: .*' || echo 'no SPDX line')"
		bad=$((bad + 1))
	fi
done
[ "$n" -gt 0 ] || { echo "no sources under $srcdir"; exit 99; }
echo "$n files, $bad not GPL-2.0 OR MIT"
[ "$bad" -eq 0 ]
