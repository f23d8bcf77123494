#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The one test command: installs what is missing, then builds and runs every test —
# a strict build (warnings are errors), the same tests under valgrind, an ASan/UBSan
# build, a short fuzzing run, `make distcheck` and a clang-format check. Prints one
# closing line "all: N passed, N failed, N skipped" and exits non-zero on any failure.
#
#   tests/all.sh            everything (about twenty minutes on 2 cores)
#   AV_QUICK=1 tests/all.sh the strict build's tests only
#   AV_FUZZ_SECONDS=N       seconds per fuzz target (default 20: 6 targets, 2 minutes;
#                           `make fuzz FUZZ_SECONDS=N` in a fuzzing build for longer runs)
set -euo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
jobs=$(nproc 2>/dev/null || echo 2)
fuzz_seconds=${AV_FUZZ_SECONDS:-20}
failed_stages=()

stage() { printf '\n=== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }

stage "dependencies"
sh contrib/install-deps.sh

stage "autoreconf"
autoreconf -fi >/dev/null 2>&1 || autoreconf -fi

# build NAME CONFIGURE-ARGS...: configure in _build/NAME and run make check there.
build() {
	local name=$1 dir=$top/_build/$1 start=$SECONDS
	shift
	stage "build $name: $*"
	rm -rf "$dir"
	mkdir -p "$dir"
	if (cd "$dir" && "$top/configure" -q "$@" >configure.out 2>&1 &&
		make -j"$jobs" >make.out 2>&1 && make -j"$jobs" check >check.out 2>&1); then
		echo "build $name: ok in $((SECONDS - start)) s"
	else
		echo "build $name: FAILED after $((SECONDS - start)) s"
		tail -n 40 "$dir"/configure.out "$dir"/make.out "$dir"/check.out 2>/dev/null || true
		for log in $(grep -l -E '^:test-result: (FAIL|ERROR)' "$dir"/tests/*.trs 2>/dev/null); do
			echo "--- ${log%.trs}.log"
			tail -n 60 "${log%.trs}.log"
		done
		failed_stages+=("build $name")
	fi
	grep -h -E '^(PASS|FAIL|SKIP|ERROR|XFAIL|XPASS):' "$dir/check.out" 2>/dev/null || true
}

build strict --enable-werror
if [ -z "${AV_QUICK:-}" ]; then
	build valgrind --enable-werror --enable-valgrind
	build sanitizers --enable-werror --enable-sanitizers CC=clang

	# every tests/fuzz/fuzz-* target (6: message, ical, notes, conf, template, imap-guard)
	# for $fuzz_seconds each, through `make fuzz` (its seeds, corpora and flags)
	stage "fuzzing (${fuzz_seconds} s per target)"
	dir=$top/_build/fuzz
	rm -rf "$dir" && mkdir -p "$dir"
	if (cd "$dir" && "$top/configure" -q CC=clang --enable-fuzzing --enable-sanitizers >configure.out 2>&1 &&
		make -j"$jobs" >make.out 2>&1); then
		if (cd "$dir" && make fuzz FUZZ_SECONDS="$fuzz_seconds") >"$dir/fuzz.out" 2>&1; then
			grep '^fuzz-' "$dir/fuzz.out"
		else
			cat "$dir/fuzz.out"
			for name in $(sed -n 's/^\(fuzz-[a-z-]*\): FAILED.*/\1/p' "$dir/fuzz.out"); do
				failed_stages+=("$name")
			done
			grep -q ': FAILED' "$dir/fuzz.out" || failed_stages+=("make fuzz")
		fi
	else
		tail -n 40 "$dir"/*.out
		failed_stages+=("fuzz build")
	fi

	stage "make distcheck"
	if (cd "$top/_build/strict" && make -j"$jobs" distcheck >distcheck.out 2>&1); then
		echo "distcheck: ok"
	else
		tail -n 60 "$top/_build/strict/distcheck.out"
		failed_stages+=("distcheck")
	fi

	stage "clang-format"
	unformatted=$(for f in plugin/*.c plugin/*.h include/afterview/*.h tests/*.c tests/*.h tests/tools/*.c tests/fuzz/*.c tests/bench/*.c; do
		[ -e "$f" ] || continue
		clang-format --style=file "$f" | cmp -s - "$f" || echo "$f"
	done)
	if [ -z "$unformatted" ]; then
		echo "clang-format: clean"
	else
		echo "clang-format: not formatted: $unformatted"
		failed_stages+=("clang-format")
	fi
fi

# The closing line: every automake test result of every build, plus one per stage
# that failed outside the test suites.
pass=0 fail=0 skip=0
for trs in "$top"/_build/*/tests/*.trs "$top"/_build/*/tests/*/*.trs; do
	[ -e "$trs" ] || continue
	r=$(sed -n 's/^:test-result: //p' "$trs")
	case $r in
	PASS | XFAIL) pass=$((pass + 1)) ;;
	SKIP) skip=$((skip + 1)) ;;
	*) fail=$((fail + 1)) ;;
	esac
done
extra=0
for s in ${failed_stages[@]+"${failed_stages[@]}"}; do
	case $s in build*) ;; *) extra=$((extra + 1)) ;; esac
done
fail=$((fail + extra))
[ ${#failed_stages[@]} -eq 0 ] || echo "failed stages: ${failed_stages[*]}"
echo "all: $pass passed, $fail failed, $skip skipped"
[ ${#failed_stages[@]} -eq 0 ] && [ "$fail" = 0 ]
