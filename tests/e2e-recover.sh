#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs that find the work of a stopped run half done, and other edges of the draft
# lifecycle, each against a fresh Dovecot (these came out of a review of engine.c):
#   a. a replacement recorded but the old draft not yet removed: removed next run
#   b. a stored sent message in a folder that is gone: the run still makes the drafts
#   c. a replacement whose APPEND never landed: the old draft counts as out of date, and
#      new notes do reach it
#   d. ... and the person then deleted the draft: it is not made again
#   e. notes changed after the window closed: nothing is appended
. "${srcdir:-$(dirname "$0")/..}/tests/e2e-imap-lib.sh"
fx=$srcdir/tests/data/invites
rd=$srcdir/tests/data/run
now=2026-10-22T20:00:00Z
run() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" -D imap run --now "$now" 2>>"$AV_TMP/all-err"; }
status_json() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" status --json --now "$now" >"$AV_TMP/status.json"; }
drafts() { dump --folder Drafts | grep -v '^folder'; }
n_drafts() { drafts | wc -l; }
sql() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); r=c.execute(sys.argv[2]).fetchone(); c.commit(); print(r[0] if r else "")' "$db" "$1"; }
field() { python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
for i in d["interviews"]:
    for v in i["interviewers"]:
        if v["name"] == sys.argv[2]: print(v[sys.argv[3]])' "$AV_TMP/status.json" "$1" "$2"; }
# notes ID SED-SCRIPT: write notes through the notes command with a scripted editor
notes() {
	cat >"$AV_TMP/editor" <<ED
#!/bin/sh
sed -i '$2' "\$1"
ED
	chmod +x "$AV_TMP/editor"
	EDITOR=$AV_TMP/editor $AV_VALGRIND "$AFTERVIEW" -c "$conf" notes "$1"
}

n_for() { grep -l -- "$1" "$drafts_dir"/cur/* "$drafts_dir"/new/* 2>/dev/null | wc -l; }
file_for() { grep -l -- "$1" "$drafts_dir"/cur/* "$drafts_dir"/new/* 2>/dev/null | head -1; }

# fresh NAME: a new Dovecot, state and mailbox for one scenario, then its first run
fresh() {
	echo "--- scenario $1"
	[ -n "${DOVECOT_DIR:-}" ] && dovecot_stop
	dovecot_start >/dev/null
	export XDG_STATE_HOME=$AV_TMP/state
	db=$XDG_STATE_HOME/afterview/state.db
	conf=$AV_TMP/conf
	drafts_dir=$DOVECOT_DIR/mail/$IMAP_USER/.Drafts
	now=2026-10-22T20:00:00Z
	rm -rf "$AV_TMP/state"
	{
		printf '%s\n' "[me]" "name = Sam Rivera" "addresses = sam.rivera@example.net" \
			"skills = Go, Kubernetes and incident response" \
			"timezone = America/New_York"
		dovecot_account test
	} >"$conf"
	chmod 600 "$conf"
	seed --date "15-Oct-2026 09:00:00 +0000" INBOX "$rd/panel-quillfeather.eml" \
		"$fx/greenhouse-panel-itinerary.eml" >/dev/null
	expect_exit 0 "first run" run
	check "five drafts" test "$(n_drafts)" = 5
}
ids() {
	status_json
	panel=$(python3 -c 'import json,sys; print([i["id"] for i in json.load(open(sys.argv[1]))["interviews"] if "Onsite" in i["summary"]][0])' "$AV_TMP/status.json")
	halcyon=$(python3 -c 'import json,sys; print([i["id"] for i in json.load(open(sys.argv[1]))["interviews"] if "Halcyon" in i["summary"]][0])' "$AV_TMP/status.json")
}

fresh a
jane_uid=$(sql "select uid from draft where who = 'Jane Okafor'")
jane_hash=$(sql "select body_hash from draft where who = 'Jane Okafor'")
tr -d '\r' <"$(file_for 'Jane Okafor')" >"$AV_TMP/jane-new.eml"
seed --date "22-Oct-2026 20:00:00 +0000" --flags '\Draft \Seen' Drafts "$AV_TMP/jane-new.eml" >/dev/null
jane_new_uid=$(drafts | tail -1 | cut -d' ' -f1)
# as a run leaves it between recording the new draft and removing the old one
sql "update draft set state = 1, uid = $jane_new_uid, replaces_uid = $jane_uid, replaces_hash = '$jane_hash' where who = 'Jane Okafor'" >/dev/null
check "two drafts for Jane after the 'crash'" test "$(n_for 'Jane Okafor')" = 2
expect_exit 0 "the next run" run
check "one draft for Jane: the old one was removed" test "$(n_for 'Jane Okafor')" = 1
check "the row is settled" test "$(sql "select state || ' ' || uid || ' ' || replaces_uid from draft where who = 'Jane Okafor'")" = "1 $jane_new_uid 0"

fresh b
# a stored envelope from a Sent folder that is gone, to Renée after the end, its subject
# not telling: the run wants its text and cannot read it. It must go on to the drafts:
# Jane's row is removed, so the run has to find her draft again
sql "insert into sent (account, folder, uidvalidity, uid, message_id, date, internaldate, subject, recipients, thanks) values ('test', 'Old Sent', 1, 7, 'x@example.net', 1792684800, 0, 'Re: Onsite panel', 'renee.dubois@quillfeather.example', -1)" >/dev/null
sql "delete from draft where who = 'Jane Okafor'" >/dev/null
expect_exit 0 "a run with a sent message in a folder that is gone" run
check "the run went on to the drafts (Jane's found again)" test "$(sql "select state from draft where who = 'Jane Okafor'")" = 1

fresh c
ids
jane_uid=$(sql "select uid from draft where who = 'Jane Okafor'")
jane_hash=$(sql "select body_hash from draft where who = 'Jane Okafor'")
# a replacement recorded, its APPEND never done
sql "update draft set state = 0, replaces_uid = $jane_uid, replaces_hash = '$jane_hash' where who = 'Jane Okafor'" >/dev/null
expect_exit 0 "the run after the failed replacement" run
check "the replacement was done over: one draft for Jane" test "$(n_for 'Jane Okafor')" = 1
check "... and the row is settled" test "$(sql "select state || ' ' || replaces_uid from draft where who = 'Jane Okafor'")" = "1 0"
expect_exit 0 "notes about Jane" notes "$halcyon" '/^== Jane Okafor/{n;s/^discussed:.*/discussed: the robot fleet telemetry pipeline/}'
expect_exit 0 "the run after the notes" run
check "Jane's draft was made anew from the notes" eval 'grep -q "telemetry" "$(file_for "Jane Okafor")"'
check "... and there is one" test "$(n_for 'Jane Okafor')" = 1

fresh d
jane_uid=$(sql "select uid from draft where who = 'Jane Okafor'")
jane_hash=$(sql "select body_hash from draft where who = 'Jane Okafor'")
sql "update draft set state = 0, replaces_uid = $jane_uid, replaces_hash = '$jane_hash' where who = 'Jane Okafor'" >/dev/null
doveadm -c "$DOVECOT_CONF" expunge -u "$IMAP_USER" mailbox Drafts uid "$jane_uid"
check "the person deleted the draft for Jane" test "$(n_for 'Jane Okafor')" = 0
expect_exit 0 "the run after the deletion" run
check "the deleted draft was not made again" test "$(n_for 'Jane Okafor')" = 0
expect_exit 0 "and the run after that" run
check "... still not" test "$(n_for 'Jane Okafor')" = 0

fresh e
ids
now=2026-10-25T12:00:00Z # Quillfeather's window closed 2026-10-23T15:00Z
expect_exit 0 "notes about Marcus after the window closed" notes "$panel" '/^== Marcus Lee/{n;s/^discussed:.*/discussed: the on-call rotation/}'
: >"$AV_TMP/all-err"
expect_exit 0 "a run after the window closed" run
check "nothing was appended" eval '! grep -qE "\[imap\] C: [0-9]+ APPEND" "$AV_TMP/all-err"'
status_json
check "Marcus: missed" test "$(field 'Marcus Lee' state)" = missed
finish
