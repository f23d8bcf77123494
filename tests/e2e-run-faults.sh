#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `afterview run` (the real command, not the probe) against a server that stalls, cuts
# the connection or answers garbage (the scripted fake server: Dovecot cannot do this):
# each run ends by itself with EX_TEMPFAIL (75, cron tries again), says what happened,
# and leaves no draft row behind. Then the same state against the real Dovecot works.
. "${srcdir:-$(dirname "$0")/..}/tests/e2e-imap-lib.sh"
export XDG_STATE_HOME=$AV_TMP/state
db=$XDG_STATE_HOME/afterview/state.db
conf=$AV_TMP/conf
fake_conf() {
	printf '%s\n' "[me]" "addresses = sam.rivera@example.net" "[account fake]" \
		"host = 127.0.0.1" "port = $FAKE_PORT" "security = plain" "user = alice" \
		"password_cmd = echo fake-password" "timeout = 2" >"$conf"
	chmod 600 "$conf"
}
sql() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute(sys.argv[2]).fetchone()[0])' "$db" "$1"; }

for sc in stall-greeting stall-login stall-examine close-after-login garbage endless; do
	fake_start "$sc"
	fake_conf
	start=$SECONDS
	expect_exit 75 "run against a server that does '$sc'" \
		$AV_VALGRIND "$AFTERVIEW" -c "$conf" run --now 2026-10-22T20:00:00Z
	check "... ended within 15 s ($((SECONDS - start)) s)" test $((SECONDS - start)) -lt 15
	check "... and said what went wrong" grep -qiE "timed out|time|closed|connection|server|reply|refused" "$AV_TMP/err"
	check "... without showing the password" eval '! grep -q fake-password "$AV_TMP/err"'
	if [ -f "$db" ]; then
		check "... and recorded no draft" test "$(sql "select count(*) from draft")" = 0
	fi
	fake_stop
done

# the same state database then serves a real server as if nothing happened
dovecot_start >/dev/null
seed --date "15-Oct-2026 09:00:00 +0000" INBOX "$srcdir/tests/data/run/panel-quillfeather.eml" >/dev/null
{
	printf '%s\n' "[me]" "name = Sam Rivera" "addresses = sam.rivera@example.net"
	dovecot_account test
} >"$conf"
chmod 600 "$conf"
expect_exit 0 "a run against the real server afterwards" \
	$AV_VALGRIND "$AFTERVIEW" -c "$conf" run --now 2026-10-22T20:00:00Z
check "its two drafts were made" test "$(dump --folder Drafts | grep -vc '^folder')" = 2
finish
