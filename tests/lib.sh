# SPDX-License-Identifier: GPL-3.0-or-later
# Shared helpers for the shell tests. Source it; it sets -eu.
set -eu

: "${srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${AFTERVIEW:=./afterview}"
: "${AV_VALGRIND:=}"

AV_TEST_FAILS=0
AV_TEST_PASSES=0

# av ARGS...: run the afterview binary (under valgrind when the build asks for it).
av() {
	# shellcheck disable=SC2086
	$AV_VALGRIND "$AFTERVIEW" "$@"
}

pass() {
	AV_TEST_PASSES=$((AV_TEST_PASSES + 1))
	echo "ok   $*"
}

fail() {
	AV_TEST_FAILS=$((AV_TEST_FAILS + 1))
	echo "FAIL $*"
}

# expect_exit CODE DESC CMD...: run CMD (output to $out/$err files), check its status.
expect_exit() {
	local want=$1 desc=$2 got=0
	shift 2
	"$@" >"$AV_TMP/out" 2>"$AV_TMP/err" || got=$?
	if [ "$got" = "$want" ]; then
		pass "$desc (exit $got)"
	else
		fail "$desc: exit $got, want $want"
		sed 's/^/    stdout: /' "$AV_TMP/out" | head -20
		sed 's/^/    stderr: /' "$AV_TMP/err" | head -20
	fi
}

# expect_grep DESC FILE PATTERN: FILE must contain the fixed string PATTERN.
expect_grep() {
	if grep -qF -- "$3" "$2"; then
		pass "$1"
	else
		fail "$1: '$3' not in $(basename "$2")"
		sed 's/^/    | /' "$2" | head -20
	fi
}

# expect_no_grep DESC FILE PATTERN: FILE must not contain PATTERN.
expect_no_grep() {
	if grep -qF -- "$3" "$2"; then
		fail "$1: '$3' found in $(basename "$2")"
	else
		pass "$1"
	fi
}

# finish: print the closing line and exit 0 only when nothing failed.
finish() {
	echo "$AV_TEST_PASSES passed, $AV_TEST_FAILS failed"
	[ "$AV_TEST_FAILS" = 0 ]
}

AV_TMP=$(mktemp -d /tmp/av-test.XXXXXX)
av_cleanup_tmp() { rm -rf "$AV_TMP"; }
