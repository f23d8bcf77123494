#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# What only the message headers say, over real IMAP (issue 10): `afterview sync` keeps the
# invite message's From display name (RFC 2047 decoded), its To and Cc and its bulk-mail
# headers (List-Id, folded; List-Unsubscribe; Precedence) with the calendar, fetched in the
# same HEADER.FIELDS list as the envelope's fields (issue 12: no ENVELOPE item); the Sent
# folder's envelope fetch asks for those fields and nothing more.
# explain then names the employer from the display name, weighs the list headers (a maybe,
# no draft) and does not take the attendee the invite was sent to for an interviewer.
# shellcheck disable=SC2016
. "${srcdir:-$(dirname "$0")/..}/tests/e2e-imap-lib.sh"
dovecot_start >/dev/null
export XDG_STATE_HOME=$AV_TMP/state
db=$XDG_STATE_HOME/afterview/state.db
conf=$AV_TMP/conf
cat >"$conf" <<CONF
[me]
name = Sam Rivera
addresses = sam.rivera@example.net
timezone = America/New_York
[afterview]
horizon_days = 3650
$(dovecot_account test)
timeout = 10
CONF
chmod 600 "$conf"
now=2026-10-22T20:00:00Z

sync() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" -D imap sync --now "$now" 2>>"$AV_TMP/all-err"; }
sql() { python3 -c 'import sqlite3,sys; c=sqlite3.connect("file:"+sys.argv[1]+"?mode=ro",uri=True); print(c.execute(sys.argv[2]).fetchone()[0])' "$db" "$1"; }
# invite FILE UID SUMMARY HEADERS PARTIES: a calendar-only message, 22 Oct 14:00-15:00Z
invite() {
	{
		printf '%b' "$4"
		printf 'Subject: Invitation: %s\nDate: Mon, 19 Oct 2026 15:00:00 +0000\n' "$3"
		printf 'Message-ID: <%s>\nMIME-Version: 1.0\n' "$2"
		printf 'Content-Type: text/calendar; charset=UTF-8; method=REQUEST\n\n'
		printf 'BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//e2e//EN\nMETHOD:REQUEST\nBEGIN:VEVENT\n'
		printf 'UID:%s\nDTSTAMP:20261019T150000Z\nDTSTART:20261022T140000Z\n' "$2"
		printf 'DTEND:20261022T150000Z\nSUMMARY:%s\n' "$3"
		printf '%b' "$5"
		printf 'END:VEVENT\nEND:VCALENDAR\n'
	} | sed 's/$/\r/' >"$1"
}
id_of() { av -c "$conf" scan --json "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["interviews"][0]["id"])'; }

invite "$AV_TMP/northbank.eml" northbank-e2e@greenhouse.io "Final Interview" \
	'From: =?UTF-8?Q?Northbank_Capital_Recruiting?= <no-reply@northbank.greenhouse-mail.io>\nTo: Sam Rivera <sam.rivera@example.net>\nCc: kim.lund@northbank.example\n' \
	'ORGANIZER;CN=Northbank Recruiting:mailto:no-reply@northbank.greenhouse-mail.io\nATTENDEE;CN=Kim Lund:mailto:kim.lund@northbank.example\nATTENDEE;CN=Ravi Shah:mailto:ravi.shah@northbank.example\n'
invite "$AV_TMP/bulk.eml" bulk-e2e@vetch.example "Interview" \
	'From: Dana Whit <dana.whit@vetch.example>\nTo: candidates@lists.vetch.example\nList-Id: Vetch candidates\n\t<candidates.lists.vetch.example>\nList-Unsubscribe: <mailto:leave@lists.vetch.example>\nPrecedence: bulk\n' \
	'ORGANIZER;CN=Dana Whit:mailto:dana.whit@vetch.example\nATTENDEE;CN=Lou Parr:mailto:lou.parr@vetch.example\nATTENDEE;CN=Sam Rivera:mailto:sam.rivera@example.net\n'
invite "$AV_TMP/alias.eml" alias-e2e@orbital.example "Phone Interview" \
	'From: Noor Haddad <noor.haddad@orbital.example>\nTo: samr.jobs@fastmail.example\n' \
	'ORGANIZER;CN=Noor Haddad:mailto:noor.haddad@orbital.example\nATTENDEE;CN=Noor Haddad:mailto:noor.haddad@orbital.example\nATTENDEE:mailto:samr.jobs@fastmail.example\n'
seed --date "19-Oct-2026 15:00:00 +0000" INBOX "$AV_TMP/northbank.eml" "$AV_TMP/bulk.eml" \
	"$AV_TMP/alias.eml" >/dev/null
seed --date "06-Oct-2026 21:42:10 +0000" --flags '\Seen' Sent "$srcdir/tests/data/sent/thanks-priya.eml" >/dev/null
# a hostile Sent message: a 1 MB Subject, 10,000 To addresses folded over as many lines, a
# NUL byte, bad encoded words (issue 12: the header fields are read within bounds)
python3 - "$AV_TMP/hostile.eml" <<'PY'
import sys
with open(sys.argv[1], "wb") as f:
    f.write(b"From: Sam Rivera <sam.rivera@example.net>\r\nTo: ")
    f.write(b",\r\n ".join(b"p%d@many.example" % i for i in range(10000)))
    f.write(b"\r\nCc: =?utf-8?b?####?= <cc@x.example>\r\nSubject: =?utf-8?q?=FF?= ")
    f.write(b"S" * (1024 * 1024) + b"\r\nMessage-ID: <hostile-1@example.net>\r\n")
    f.write(b"Date: Mon, 19 Oct 2026 15:00:00 +0000\r\n\r\nbody\r\n")
PY
seed --date "19-Oct-2026 15:00:00 +0000" --flags '\Seen' Sent "$AV_TMP/hostile.eml" >/dev/null
dump >"$AV_TMP/before"

expect_exit 0 "sync" sync
cat "$AV_TMP/out"
check "three calendars stored" test "$(sql "select count(*) from calendar")" = 3
check "the display name, decoded" \
	test "$(sql "select sender_name from calendar where ics like '%northbank-e2e%'")" = "Northbank Capital Recruiting"
check "To and Cc" \
	test "$(sql "select mail_to || '|' || mail_cc from calendar where ics like '%northbank-e2e%'")" = "sam.rivera@example.net|kim.lund@northbank.example"
check "List-Id, unfolded" \
	test "$(sql "select list_id from calendar where ics like '%bulk-e2e%'")" = "Vetch candidates	<candidates.lists.vetch.example>"
check "List-Unsubscribe and Precedence" \
	test "$(sql "select list_unsubscribe || '|' || precedence from calendar where ics like '%bulk-e2e%'")" = "<mailto:leave@lists.vetch.example>|bulk"
check "no list headers where the message has none" \
	test "$(sql "select count(*) from calendar where list_id is null and list_unsubscribe is null and precedence is null")" = 2
check "the hostile Sent message stored, its subject cut at 4096 octets" \
	test "$(sql "select length(cast(subject as blob)) <= 4096 and subject like '%SSSS' from sent where recipients like '%cc@x.example%'")" = 1
sql "select recipients from sent where recipients like '%cc@x.example%'" | tr -s ' ,\n' '\n\n\n' >"$AV_TMP/rcpt"
n_rcpt=$(grep -c @ "$AV_TMP/rcpt")
check "... its To read from 64 KB: $n_rcpt of the 10,000, whole, in order, then the Cc" \
	eval '[ "$n_rcpt" -gt 2000 ] && [ "$n_rcpt" -lt 10000 ] &&
		[ "$(grep -c "^p[0-9]*@many.example$" "$AV_TMP/rcpt")" = $((n_rcpt - 1)) ] &&
		[ "$(tail -2 "$AV_TMP/rcpt" | tr "\n" " ")" = "p$((n_rcpt - 2))@many.example cc@x.example " ]'
dump >"$AV_TMP/after"
check "the mailbox is unchanged by the sync" cmp "$AV_TMP/before" "$AV_TMP/after"
check "one UID FETCH asks for the envelope's header fields and the list headers together" \
	eval 'grep -E "\[imap\] C: [0-9]+ UID FETCH [0-9:,]+ \(UID BODY\.PEEK\[HEADER\.FIELDS \(DATE FROM TO CC BCC SUBJECT LIST-ID LIST-UNSUBSCRIBE PRECEDENCE\)\]\)$" "$AV_TMP/all-err" | grep -q .'
check "the Sent envelopes: those header fields alone" \
	eval 'grep -E "\[imap\] C: [0-9]+ UID FETCH [0-9:,]+ \(UID BODY\.PEEK\[HEADER\.FIELDS \(DATE FROM TO CC BCC SUBJECT\)\]\)$" "$AV_TMP/all-err" | grep -q .'
check "... Message-ID not asked of a message to no address of an invite" \
	test "$(sql "select count(*) from sent where recipients like '%cc@x.example%' and message_id is null")" = 1
check "the list headers are asked for once (INBOX only)" \
	test "$(grep -c "\[imap\] C: .*LIST-ID" "$AV_TMP/all-err")" = 1
check "no ENVELOPE item is asked for (it carries Sender, Reply-To, In-Reply-To)" \
	eval '! grep -E "\[imap\] C: .*ENVELOPE" "$AV_TMP/all-err"'
no_forbidden_commands

nb=$(id_of "$AV_TMP/northbank.eml")
bulk=$(id_of "$AV_TMP/bulk.eml")
alias=$(id_of "$AV_TMP/alias.eml")
expect_exit 0 "explain the Northbank invite" av -c "$conf" explain "$nb"
expect_grep "the employer from the display name" "$AV_TMP/out" "company:  Northbank Capital"
expect_exit 0 "explain the bulk invite" av -c "$conf" explain "$bulk"
expect_grep "List-Id weighs" "$AV_TMP/out" "List-Id header"
expect_grep "Precedence weighs" "$AV_TMP/out" "Precedence: bulk"
expect_grep "not an interview by itself" "$AV_TMP/out" "verdict:  not an interview"
expect_grep "a maybe" "$AV_TMP/out" "close to the line"
expect_exit 0 "explain the invite sent to another address" av -c "$conf" explain "$alias"
expect_grep "Noor is the interviewer" "$AV_TMP/out" "interviewer: Noor Haddad <noor.haddad@orbital.example>"
expect_no_grep "the address it was sent to is the person's" "$AV_TMP/out" "samr.jobs@fastmail.example> from"
finish
