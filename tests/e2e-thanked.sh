#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# issue 11: a thank-you sent from a client that keeps no copy in Sent, against a real
# Dovecot. afterview's draft to Marcus leaves Drafts and nothing reaches Sent: status asks
# whether it went from such a client and gives the command; `mark ID thanked NAME` says
# so (by name, any case, the start of it, or the address); status then says "thanked
# (marked by you)" and a later run makes nothing. Marking an interviewer whose draft is
# still there withdraws afterview's unedited draft; taking the mark back makes it again.
# Bad input: an unknown ID, an unknown or ambiguous NAME, no NAME. Outside Drafts
# nothing changes.
. "${srcdir:-$(dirname "$0")/..}/tests/e2e-imap-lib.sh"
fx=$srcdir/tests/data/invites
rd=$srcdir/tests/data/run
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
update_drafts = yes
$(dovecot_account test)
CONF
chmod 600 "$conf"
now=2026-10-22T20:00:00Z

# a panel of two whose names start alike, to make a NAME ambiguous
cat >"$AV_TMP/northwind.eml" <<'EML'
Date: Mon, 19 Oct 2026 16:00:00 +0000
From: Northwind Talent <talent@northwind.example>
To: Sam Rivera <sam.rivera@example.net>
Subject: Invitation: Technical interview - Sam Rivera
Message-ID: <northwind-1@northwind.example>
MIME-Version: 1.0
Content-Type: text/calendar; charset=UTF-8; method=REQUEST

BEGIN:VCALENDAR
PRODID:-//test//EN
VERSION:2.0
METHOD:REQUEST
BEGIN:VEVENT
DTSTART:20261022T160000Z
DTEND:20261022T170000Z
DTSTAMP:20261019T160000Z
ORGANIZER;CN=Northwind Talent:mailto:talent@northwind.example
UID:northwind-technical-20261022@northwind.example
ATTENDEE;CN=Alex Kim:mailto:alex.kim@northwind.example
ATTENDEE;CN=Alex Moreno:mailto:alex.moreno@northwind.example
ATTENDEE;CN=Sam Rivera:mailto:sam.rivera@example.net
SUMMARY:Technical interview - Sam Rivera
SEQUENCE:0
STATUS:CONFIRMED
END:VEVENT
END:VCALENDAR
EML

run() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" run --now "$now"; }
status() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" status --now "$now"; }
mark() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" mark "$@"; }
status_json() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" status --json --now "$now" >"$AV_TMP/status.json"; }
outside() { dump | awk '/^folder /{skip = ($2 == "Drafts")} !skip'; }
drafts() { dump --folder Drafts | grep -v '^folder'; }
n_drafts() { drafts | wc -l; }
sql() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); r=c.execute(sys.argv[2]).fetchone(); print(r[0] if r else "")' "$db" "$1"; }
field() { python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
for i in d["interviews"]:
    for v in i["interviewers"]:
        if v["name"] == sys.argv[2]: print(json.dumps(v[sys.argv[3]]))' "$AV_TMP/status.json" "$1" "$2"; }
id_of() { python3 -c 'import json,sys; print([i["id"] for i in json.load(open(sys.argv[1]))["interviews"] if sys.argv[2] in i["summary"]][0])' "$AV_TMP/status.json" "$1"; }
# the widest line of $1 that has $2
widest() { grep -F -- "$2" "$1" | python3 -c 'import sys; print(max([len(l.rstrip("\n")) for l in sys.stdin] or [0]))'; }

seed --date "15-Oct-2026 09:00:00 +0000" INBOX "$rd/panel-quillfeather.eml" \
	"$fx/greenhouse-panel-itinerary.eml" "$AV_TMP/northwind.eml" >/dev/null

expect_exit 0 "first run" run
check "seven drafts made (Renée, Marcus; three for Halcyon; two for Northwind)" test "$(n_drafts)" = 7
status_json
panel=$(id_of "Onsite")
halcyon=$(id_of "Halcyon")
northwind=$(id_of "Technical interview")
check "nobody is marked thanked yet" test "$(field 'Renée Dubois' marked_thanked)" = false
check "no hint yet" test "$(field 'Marcus Lee' hint)" = null

# Marcus's draft goes from Drafts, sent from a client that keeps no copy in Sent
marcus_uid=$(sql "select uid from draft where who = 'marcus.lee@quillfeather.example'")
doveadm -c "$DOVECOT_CONF" expunge -u "$IMAP_USER" mailbox Drafts uid "$marcus_uid"
outside >"$AV_TMP/before"
expect_exit 0 "a run after the draft went" run
check "nothing made again" test "$(n_drafts)" = 6
expect_exit 0 "status" status
cp "$AV_TMP/out" "$AV_TMP/status.txt"
expect_grep "status asks whether it went from a client without a Sent copy" "$AV_TMP/status.txt" \
	"      draft gone, no thank-you in Sent — sent from a client without a Sent copy?"
expect_grep "... and gives the command with the real ID and name" "$AV_TMP/status.txt" \
	"\`afterview mark $panel thanked Marcus Lee\`"
expect_no_grep "the old wording is gone" "$AV_TMP/status.txt" "you removed the draft"
check "only Marcus's draft is asked about" test "$(grep -c 'draft gone' "$AV_TMP/status.txt")" = 1
check "the hint's lines are at most 100 columns" test "$(widest "$AV_TMP/status.txt" 'draft gone')" -le 100 -a "$(widest "$AV_TMP/status.txt" 'afterview mark')" -le 100
status_json
check "status --json: Marcus's hint" test "$(field 'Marcus Lee' hint)" = '"draft-gone-no-thanks"'
check "status --json: Marcus not marked" test "$(field 'Marcus Lee' marked_thanked)" = false
check "status --json: Marcus pending" test "$(field 'Marcus Lee' state)" = '"pending"'
check "status --json: Renée no hint" test "$(field 'Renée Dubois' hint)" = null

# bad input
expect_exit 65 "mark: an unknown ID" mark deadbeef0000 thanked Marcus
expect_grep "... says so" "$AV_TMP/err" "no such event"
expect_exit 64 "mark: an unknown NAME" mark "$panel" thanked Bob
expect_grep "... says no interviewer matches" "$AV_TMP/err" "no interviewer matches 'Bob'"
expect_grep "... and lists the interviewers" "$AV_TMP/err" "  Marcus Lee <marcus.lee@quillfeather.example>"
expect_grep "... all of them" "$AV_TMP/err" "  Renée Dubois <renee.dubois@quillfeather.example>"
expect_exit 64 "mark: an ambiguous NAME" mark "$northwind" thanked alex
expect_grep "... says more than one matches" "$AV_TMP/err" "more than one interviewer matches 'alex'"
expect_grep "... and lists them" "$AV_TMP/err" "  Alex Moreno <alex.moreno@northwind.example>"
expect_exit 64 "mark: thanked without a NAME" mark "$panel" thanked
expect_grep "... says whom" "$AV_TMP/err" "give the interviewer's name"
expect_exit 64 "mark: unthanked without a NAME" mark "$panel" unthanked
expect_exit 64 "mark: an unknown verdict with a name" mark "$panel" thankful Marcus
expect_grep "... shows the forms" "$AV_TMP/err" "afterview mark ID thanked|unthanked NAME"
expect_exit 64 "mark: an unknown verdict" mark "$panel" thankful
expect_grep "... names the forms" "$AV_TMP/err" "thanked or unthanked"
check "nothing was marked by the bad input" test "$(sql 'select count(*) from thanked')" = 0

# Marcus marked thanked, his name in another case and without quotes
expect_exit 0 "mark ID thanked marcus lee" mark "$panel" thanked marcus lee
expect_grep "it says what was done" "$AV_TMP/out" "marked Marcus Lee as thanked"
expect_exit 0 "status" status
cp "$AV_TMP/out" "$AV_TMP/status.txt"
check "status: Marcus thanked (marked by you)" grep -qE '^    Marcus Lee +thanked +\(marked by you\)$' "$AV_TMP/status.txt"
expect_no_grep "status asks no more" "$AV_TMP/status.txt" "draft gone"
status_json
check "status --json: Marcus thanked" test "$(field 'Marcus Lee' state)" = '"thanked"'
check "status --json: marked_thanked" test "$(field 'Marcus Lee' marked_thanked)" = true
check "status --json: no evidence" test "$(field 'Marcus Lee' evidence)" = null
check "status --json: no hint" test "$(field 'Marcus Lee' hint)" = null
drafts >"$AV_TMP/d-before"
expect_exit 0 "a later run" run
check "... makes nothing and says nothing" test ! -s "$AV_TMP/out"
drafts >"$AV_TMP/d-after"
check "... Drafts unchanged" cmp "$AV_TMP/d-before" "$AV_TMP/d-after"
outside >"$AV_TMP/after"
check "outside Drafts nothing changed" cmp "$AV_TMP/before" "$AV_TMP/after"

# Jane Okafor (no address known) marked by the start of her name: her unedited draft goes
expect_exit 0 "mark ID thanked jane" mark "$halcyon" thanked jane
expect_grep "it names her and the draft's removal" "$AV_TMP/out" "marked Jane Okafor as thanked; the next run removes afterview's draft"
check "marked by name" test "$(sql "select who from thanked where who not like '%@%'")" = "Jane Okafor"
expect_exit 0 "the run after" run
expect_grep "it says why the draft went" "$AV_TMP/out" "The draft to Jane Okafor (Halcyon Robotics) was removed from Drafts: you marked them thanked."
check "one draft fewer" test "$(n_drafts)" = 5
# Alex Moreno by his address, in upper case
expect_exit 0 "mark ID thanked ADDRESS" mark "$northwind" thanked ALEX.MORENO@northwind.example
expect_grep "it names him" "$AV_TMP/out" "marked Alex Moreno as thanked"
check "kept in lower case" test "$(sql "select count(*) from thanked where who = 'alex.moreno@northwind.example'")" = 1

# taken back: Jane's draft is owed again, Marcus pending again
expect_exit 0 "mark ID unthanked Jane Okafor" mark "$halcyon" unthanked Jane Okafor
expect_grep "it says so" "$AV_TMP/out" "Jane Okafor is no longer marked as thanked"
expect_grep "... and that the draft comes back" "$AV_TMP/out" "a run makes their draft again while the thank-you window is open"
expect_exit 0 "unthanked again" mark "$halcyon" unthanked Jane Okafor
expect_grep "... nothing to take back" "$AV_TMP/out" "Jane Okafor was not marked as thanked"
expect_exit 0 "the run after" run
expect_grep "Jane's draft is made again" "$AV_TMP/out" "A thank-you draft to Jane Okafor"
expect_exit 0 "mark ID unthanked Marcus" mark "$panel" unthanked Marcus
expect_exit 0 "status" status
expect_grep "the question is back for Marcus" "$AV_TMP/out" "\`afterview mark $panel thanked Marcus Lee\`"
outside >"$AV_TMP/after"
check "outside Drafts nothing changed" cmp "$AV_TMP/before" "$AV_TMP/after"
finish
