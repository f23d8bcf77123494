#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The licence, checked: COPYING is the GNU GPL version 3, and every source file (C, shell,
# Python, the build files, the man pages, the shipped templates and config samples)
# carries the line "SPDX-License-Identifier: GPL-3.0-or-later" near its top.
. "${srcdir:-$(dirname "$0")/..}/tests/lib.sh"
trap av_cleanup_tmp EXIT
cd "$srcdir"

if grep -q 'GNU GENERAL PUBLIC LICENSE' COPYING && grep -q 'Version 3, 29 June 2007' COPYING; then
	pass "COPYING is the GPL version 3"
else
	fail "COPYING is missing or not the GPL version 3"
fi

missing=()
n=0
while IFS= read -r -d '' f; do
	n=$((n + 1))
	head -n 3 "$f" | grep -q 'SPDX-License-Identifier: GPL-3.0-or-later' || missing+=("$f")
done < <(find plugin include tests contrib doc .ci configure.ac Makefile.am -type f \
	\( -name '*.c' -o -name '*.h' -o -name '*.sh' -o -name '*.py' -o -name '*.am' \
	-o -name '*.ac' -o -name '*.1' -o -name '*.5' -o -name 'run' -o -name '*.sample' \
	-o -path 'contrib/templates/*.txt' -o -path 'contrib/systemd/*' -o -path 'contrib/filters/*' \
	-o -name '*.crontab' \) -not -path 'tests/data/*' -not -path 'tests/fuzz/corpus/*' \
	-not -path '*/_build/*' -print0 2>/dev/null)
if [ "$n" -gt 50 ] && [ ${#missing[@]} -eq 0 ]; then
	pass "all $n source files carry the SPDX line"
else
	fail "of $n source files, ${#missing[@]} lack the SPDX line: ${missing[*]:-}"
fi

finish
