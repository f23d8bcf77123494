# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
# tests/e2e-imap-lib.sh - what the e2e-imap*.sh tests share (bash; source it).
#
# Sources tests/lib.sh and tests/dovecot.sh, finds the tools (av-imap-probe, av-seed,
# av-dump: $AV_IMAP_PROBE/$AV_SEED/$AV_DUMP or the build tree) and defines:
#
#	probe ARGS...		av-imap-probe (under $AV_VALGRIND) with the
#				connection options in the array $conn
#	expect_probe CODE DESC ARGS...
#				run probe ARGS (stdout $AV_TMP/out, stderr $AV_TMP/err),
#				check its exit status; sets $elapsed (seconds, "1.23");
#				every run traces (-D imap) and its stderr is kept in
#				$AV_TMP/all-err for checks over the whole script
#	no_forbidden_commands	the checks over $AV_TMP/all-err: no SELECT, STORE, ...,
#				bodies only with BODY.PEEK, APPEND only to Drafts
#	seed ARGS... / dump ARGS...
#				av-seed / av-dump against the current Dovecot (plain, loopback)
#	log_mark / log_since_mark
#				remember the length of $DOVECOT_LOG / print what came after
#	no_credentials_sent DESC
#				pass when Dovecot logged nothing about alice since log_mark
#	check DESC CMD...	pass when CMD succeeds
#
# Exit codes of the probe are sysexits: 0 ok, 65 data, 70 software, 75 temp, 77 auth,
# 78 config (av_err_exit_code); valgrind errors give 99.
# shellcheck disable=SC2034,SC2154,SC2016

here=$(cd "$(dirname "$0")" && pwd)
. "${srcdir:-$here/..}/tests/lib.sh"
trap av_cleanup_tmp EXIT
. "$srcdir/tests/dovecot.sh"

# Print the path of test tool $1, from $2 or the usual places in the build tree.
find_tool()
{
	local name="$1" override="$2" d
	if [ -n "$override" ]; then
		printf '%s\n' "$override"
		return 0
	fi
	for d in "${builddir:+$builddir/tests/tools}" tests/tools ../tests/tools "$here/tools"; do
		if [ -n "$d" ] && [ -x "$d/$name" ]; then
			printf '%s\n' "$d/$name"
			return 0
		fi
	done
	echo "ERROR: $name not found: build it (make check) or set its path in the environment" >&2
	exit 99
}

dovecot_skip_unless_available
AV_IMAP_PROBE=$(find_tool av-imap-probe "${AV_IMAP_PROBE:-}")
AV_SEED=$(find_tool av-seed "${AV_SEED:-}")
AV_DUMP=$(find_tool av-dump "${AV_DUMP:-}")
FAKEIMAP="$srcdir/tests/tools/av-fakeimap.py"

check()
{
	local desc="$1"
	shift
	if "$@"; then
		pass "$desc"
	else
		fail "$desc"
	fi
}

conn=()
# shellcheck disable=SC2086
probe() { $AV_VALGRIND "$AV_IMAP_PROBE" --debug imap "${conn[@]}" "$@"; }
# shellcheck disable=SC2086
seed() { $AV_VALGRIND "$AV_SEED" --port "$IMAP_PORT" --user "$IMAP_USER" --password-file "$IMAP_PASSWORD_FILE" "$@"; }
# shellcheck disable=SC2086
dump() { $AV_VALGRIND "$AV_DUMP" --port "$IMAP_PORT" --user "$IMAP_USER" --password-file "$IMAP_PASSWORD_FILE" "$@"; }

elapsed=0
expect_probe()
{
	local want=$1 desc=$2 t0 t1
	shift 2
	t0=$(date +%s.%N)
	expect_exit "$want" "$desc" probe "$@"
	t1=$(date +%s.%N)
	elapsed=$(awk "BEGIN { printf \"%.2f\", $t1 - $t0 }")
	cat "$AV_TMP/err" >>"$AV_TMP/all-err"
}

no_forbidden_commands()
{
	local all="$AV_TMP/all-err"
	check "no command that writes or marks was sent (SELECT, STORE, EXPUNGE, COPY, MOVE, ...)" \
		eval '! grep -E "\[imap\] C: [0-9]+ (UID )?(SELECT|STORE|EXPUNGE|COPY|MOVE|CREATE|DELETE|RENAME|SUBSCRIBE|UNSUBSCRIBE|SETMETADATA|CLOSE)" "$all"'
	check "every body was fetched with BODY.PEEK" \
		eval '! grep -E "\[imap\] C: .*FETCH.*(BODY|BINARY)\[" "$all" | grep -q .'
	check "APPEND only to Drafts" \
		eval '! grep -E "\[imap\] C: [0-9]+ APPEND" "$all" | grep -vE "APPEND (Drafts|\"?Entw&APw-rfe)" | grep -q .'
}

# The connection options for plain, starttls or tls to the current Dovecot.
use()
{
	case "$1" in
	plain) conn=(--port "$IMAP_PORT" --security plain) ;;
	starttls) conn=(--port "$IMAP_PORT" --security starttls --ca-file "$DOVECOT_CA") ;;
	tls) conn=(--port "$IMAPS_PORT" --security tls --ca-file "$DOVECOT_CA") ;;
	esac
	conn+=(--user "$IMAP_USER" --password-file "$IMAP_PASSWORD_FILE")
}

log_lines=0
log_mark() { log_lines=$(wc -l <"$DOVECOT_LOG"); }
log_since_mark() { tail -n +"$((log_lines + 1))" "$DOVECOT_LOG"; }

# Dovecot writes the line for a closed connection a moment after the client is gone:
# wait for it (at most 5 s) so that nothing is judged too early.
log_wait_disconnect()
{
	local i
	for i in $(seq 1 100); do
		log_since_mark | grep -q 'Disconnected' && return 0
		sleep 0.05
	done
	return 0
}

no_credentials_sent()
{
	log_wait_disconnect
	if log_since_mark | grep -qi 'alice'; then
		fail "$1: Dovecot saw a login for alice"
		log_since_mark | sed 's/^/    | /'
	else
		pass "$1"
	fi
}

show_log_on_failure()
{
	if [ "$AV_TEST_FAILS" != 0 ] && [ -n "${DOVECOT_LOG:-}" ] && [ -f "$DOVECOT_LOG" ]; then
		echo "--- $DOVECOT_LOG (last 30 lines)"
		tail -n 30 "$DOVECOT_LOG"
	fi
}
dovecot_on_exit show_log_on_failure

# fake_start SCENARIO [--bind ADDR] [...]: start av-fakeimap.py; sets FAKE_PORT, FAKE_LOG.
FAKE_PID=
fake_start()
{
	local sc=$1 i
	shift
	FAKE_LOG="$AV_TMP/fake-$sc.log"
	rm -f "$AV_TMP/fake.port" "$FAKE_LOG"
	python3 "$FAKEIMAP" --scenario "$sc" --port-file "$AV_TMP/fake.port" --log "$FAKE_LOG" \
		"$@" >"$AV_TMP/fake.out" 2>&1 &
	FAKE_PID=$!
	for i in $(seq 1 100); do
		[ -s "$AV_TMP/fake.port" ] && break
		sleep 0.05
	done
	FAKE_PORT=$(cat "$AV_TMP/fake.port")
}
fake_stop()
{
	if [ -n "$FAKE_PID" ]; then
		kill "$FAKE_PID" 2>/dev/null || true
		wait "$FAKE_PID" 2>/dev/null || true
		FAKE_PID=
	fi
}
dovecot_on_exit fake_stop

# seconds_below LIMIT: $elapsed < LIMIT
seconds_below() { awk "BEGIN { exit !($elapsed < $1) }"; }
