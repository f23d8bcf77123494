#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `afterview sync` against a real Dovecot: the first run reads the invites' calendar parts
# and the Sent envelopes within the horizon; a rerun with no new mail fetches no message
# data; new mail is picked up; a recreated folder (new UIDVALIDITY) is read again without
# duplicates; the mailbox is unchanged after every run; a second run at the same time is
# refused; a damaged state database is refused and left as it was.
. "${srcdir:-$(dirname "$0")/..}/tests/e2e-imap-lib.sh"
fx=$srcdir/tests/data/invites
dovecot_start >/dev/null
export XDG_STATE_HOME=$AV_TMP/state
db=$XDG_STATE_HOME/afterview/state.db
conf=$AV_TMP/conf
cat >"$conf" <<CONF
[me]
addresses = sam.rivera@example.net, samr@example.net
timezone = America/New_York
[afterview]
horizon_days = 60
$(dovecot_account test)
folders = Jobs
timeout = 10
CONF
chmod 600 "$conf"
now=2026-11-25T12:00:00Z

sync() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" -D imap sync --now "$now" 2>>"$AV_TMP/all-err"; }
# without the trace, stderr as it is
sync_plain() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" sync --now "$now"; }
# sql QUERY: one value from the state database (python3's sqlite3, read-only)
sql() { python3 -c 'import sqlite3,sys; c=sqlite3.connect("file:"+sys.argv[1]+"?mode=ro",uri=True); print(c.execute(sys.argv[2]).fetchone()[0])' "$db" "$1"; }
# field NAME: NAME=value from the last summary line
field() { sed -n "s/.*\\b$1=\\([0-9]*\\).*/\\1/p" "$AV_TMP/out"; }
# session_out: bytes and bodies the server sent in the last session (Dovecot's logout line)
last_logout() { log_wait_disconnect; log_since_mark | grep 'Logged out' | tail -1; }

seed --date "20-Nov-2026 09:00:00 +0000" INBOX "$fx/google-phone-screen.eml" \
	"$fx/greenhouse-panel-itinerary.eml" "$fx/not-dentist-appointment.eml" >/dev/null
# outside the 60-day horizon: never read on the first run
seed --date "01-Jul-2026 09:00:00 +0000" INBOX "$fx/zoom-technical-interview.eml" >/dev/null
seed --create --date "21-Nov-2026 10:00:00 +0000" Jobs "$fx/ashby-final-round.eml" >/dev/null
seed --date "06-Oct-2026 21:42:10 +0000" --flags '\Seen' Sent "$srcdir/tests/data/sent/thanks-priya.eml" \
	"$srcdir/tests/data/sent/confirm-thursday.eml" >/dev/null
# no Date header: the server's INTERNALDATE stands in
seed --date "07-Oct-2026 08:00:00 +0000" --flags '\Seen' Sent "$srcdir/tests/data/sent/no-date.eml" >/dev/null
dump >"$AV_TMP/before"

log_mark
expect_exit 0 "first sync" sync
cat "$AV_TMP/out"
check "three folders examined (INBOX, Jobs, Sent)" test "$(field folders)" = 3
check "calendar parts of the 4 messages within the horizon stored" \
	test "$(sql "select count(distinct folder || uid) from calendar")" = 4
check "the message outside the horizon was not read" \
	test "$(sql "select count(*) from calendar where ics like '%zoom%'")" = 0
check "sent envelopes stored with recipients" \
	test "$(sql "select count(*) from sent where recipients like '%priya.chen@northwind.example%'")" = 1
check "Cc counts as a recipient" \
	test "$(sql "select count(*) from sent where recipients like '%jane.okafor@halcyonrobotics.example%'")" = 1
check "Date header read, in UTC" \
	test "$(sql "select date from sent where message_id = 'thanks-priya-1@example.net'")" = 1791322930
# (by its subject: its Message-ID is not asked, it goes to no address of an invite)
check "a message without Date gets its INTERNALDATE, only it" \
	test "$(sql "select date || ',' || internaldate from sent where subject = 'Thanks again'")" = "0,1791360000"
check "messages with a Date need no INTERNALDATE" \
	test "$(sql "select internaldate from sent where message_id = 'thanks-priya-1@example.net'")" = 0
check "sender of the invite kept for detection" \
	test "$(sql "select count(*) from calendar where sender = 'no-reply@greenhouse.io'")" -ge 1
dump >"$AV_TMP/after"
check "the mailbox is unchanged by the sync (flags, dates, bytes)" cmp "$AV_TMP/before" "$AV_TMP/after"

log_mark
expect_exit 0 "second sync with no new mail" sync
check "nothing new" test "$(field new)" = 0
check "every folder unchanged" test "$(field unchanged)" = 3
line=$(last_logout)
echo "    $line"
check "no message data fetched (Dovecot: body_count=0)" eval 'echo "$line" | grep -q "body_count=0"'
out=$(echo "$line" | sed -n 's/.* out=\([0-9]*\).*/\1/p')
check "the server sent at most 10 KB ($out bytes)" test "${out:-99999}" -le 10240

seed --date "24-Nov-2026 08:00:00 +0000" INBOX "$fx/lever-interviewers-list.eml" >/dev/null
dump >"$AV_TMP/before"
log_mark
expect_exit 0 "sync after new mail" sync
check "exactly the new message was read" test "$(field new)" = 1
check "its calendar was stored" test "$(sql "select count(*) from calendar where sender = 'no-reply@hire.lever.co'")" -ge 1
dump >"$AV_TMP/after"
check "the mailbox is unchanged by the sync" cmp "$AV_TMP/before" "$AV_TMP/after"

# a recreated folder gets a new UIDVALIDITY: read again, no duplicate rows
old=$(sql "select uidvalidity from folder where name = 'Jobs'")
doveadm -c "$DOVECOT_CONF" mailbox delete -u "$IMAP_USER" Jobs
sleep 1 # UIDVALIDITY is a timestamp in Dovecot's maildir: make sure it moves
seed --create --date "21-Nov-2026 10:00:00 +0000" Jobs "$fx/ashby-final-round.eml" >/dev/null
expect_exit 0 "sync after Jobs was recreated" sync
new=$(sql "select uidvalidity from folder where name = 'Jobs'")
check "the new UIDVALIDITY is recorded ($old -> $new)" test "$old" != "$new"
check "Jobs' invite is there once, under the new UIDVALIDITY" \
	test "$(sql "select count(*) from calendar where folder = 'Jobs'")" = "$(sql "select count(*) from calendar where folder = 'Jobs' and uidvalidity = $new")"
check "... and not duplicated" test "$(sql "select count(distinct uid) from calendar where folder = 'Jobs'")" = 1

no_forbidden_commands
check "the trace never shows the password" eval '! grep -qF "$(cat "$IMAP_PASSWORD_FILE")" "$AV_TMP/all-err"'

# two runs at once: the second says so and exits EX_TEMPFAIL (75) for cron to retry
python3 -c 'import fcntl,sys,time; f=open(sys.argv[1],"a"); fcntl.flock(f,fcntl.LOCK_EX); open(sys.argv[2],"w").close(); time.sleep(30)' \
	"$db.lock" "$AV_TMP/locked" &
holder=$!
for _ in $(seq 1 100); do [ -e "$AV_TMP/locked" ] && break; sleep 0.05; done
expect_exit 75 "a second run while one holds the lock" sync_plain
expect_grep "it says another run is in progress" "$AV_TMP/err" "another afterview run is in progress"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null || true

# a damaged database is refused and left alone (drafts are never re-made from nothing)
python3 -c 'import sys; f=open(sys.argv[1],"r+b"); f.seek(4096); f.write(b"\xa5"*4096)' "$db"
rm -f "$db-wal" "$db-shm"
cp "$db" "$AV_TMP/db.copy"
expect_exit 73 "a damaged state database stops the run (EX_CANTCREAT)" sync_plain
expect_grep "it says what is wrong and where" "$AV_TMP/err" "state database $db"
check "the damaged file is left as it was" cmp "$db" "$AV_TMP/db.copy"
finish
