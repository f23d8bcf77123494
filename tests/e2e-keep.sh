#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# afterview keeps its own drafts current, and only its own unedited ones, against a real
# Dovecot: notes change a draft's text (the new draft appended before the old one is
# removed); a thank-you that went out and a cancellation withdraw the draft; a draft the
# person edited is never replaced or withdrawn; the state a crash between the new APPEND
# and the removal of the old one leaves is resolved on the next run; update_drafts = no
# turns all of it off; outside Drafts nothing changes.
. "${srcdir:-$(dirname "$0")/..}/tests/e2e-imap-lib.sh"
fx=$srcdir/tests/data/invites
rd=$srcdir/tests/data/run
dovecot_start >/dev/null
export XDG_STATE_HOME=$AV_TMP/state
db=$XDG_STATE_HOME/afterview/state.db
conf=$AV_TMP/conf
write_conf() { # update_drafts
	cat >"$conf" <<CONF
[me]
name = Sam Rivera
addresses = sam.rivera@example.net
skills = Go, Kubernetes and incident response
timezone = America/New_York
[afterview]
update_drafts = $1
$(dovecot_account test)
CONF
	chmod 600 "$conf"
}
write_conf yes
now=2026-10-22T20:00:00Z
drafts_dir=$DOVECOT_DIR/mail/$IMAP_USER/.Drafts

run() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" -D imap run --now "$now" 2>>"$AV_TMP/all-err"; }
status_json() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" status --json --now "$now" >"$AV_TMP/status.json"; }
outside() { dump | awk '/^folder /{skip = ($2 == "Drafts")} !skip'; }
drafts() { dump --folder Drafts | grep -v '^folder'; }
n_drafts() { drafts | wc -l; }
# the file in Dovecot's maildir holding the draft addressed to $1 (or naming $1)
draft_file() { grep -l -- "$1" "$drafts_dir"/cur/* "$drafts_dir"/new/* 2>/dev/null | head -1; }
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

seed --date "15-Oct-2026 09:00:00 +0000" INBOX "$rd/panel-quillfeather.eml" \
	"$fx/greenhouse-panel-itinerary.eml" >/dev/null
outside >"$AV_TMP/before"

expect_exit 0 "first run" run
check "five drafts made (Renée, Marcus; three for Halcyon)" test "$(n_drafts)" = 5
drafts >"$AV_TMP/d1"
status_json
panel=$(python3 -c 'import json,sys; print([i["id"] for i in json.load(open(sys.argv[1]))["interviews"] if "Onsite" in i["summary"]][0])' "$AV_TMP/status.json")
halcyon=$(python3 -c 'import json,sys; print([i["id"] for i in json.load(open(sys.argv[1]))["interviews"] if "Halcyon" in i["summary"]][0])' "$AV_TMP/status.json")

# notes about Renée: her draft is made anew, Marcus's is not touched
expect_exit 0 "notes written with the editor" notes "$panel" \
	'/^== Ren.*e Dubois/{n;s/^discussed:.*/discussed: your move from cron jobs to a workflow engine/};/^== Tools to learn ==/a - Terraform'
expect_exit 0 "a run after the notes changed" run
expect_grep "it says the draft was made anew" "$AV_TMP/out" "The draft to Renée Dubois (Quillfeather) was made anew from your notes."
check "still five drafts" test "$(n_drafts)" = 5
check "Renée's draft now refers to what was discussed" eval 'grep -q "workflow engine" "$(draft_file renee.dubois)"'
marcus_line=$(grep -F "$(sql "select uid from draft where who = 'marcus.lee@quillfeather.example'") (" "$AV_TMP/d1" | head -1)
check "Marcus's draft is untouched (same UID, flags and bytes)" eval 'drafts | grep -qxF "$marcus_line"'
outside >"$AV_TMP/after"
check "outside Drafts nothing changed" cmp "$AV_TMP/before" "$AV_TMP/after"
$AV_VALGRIND "$AFTERVIEW" -c "$conf" status --now "$now" >"$AV_TMP/status.txt"
expect_grep "status lists the tool to learn from the notes" "$AV_TMP/status.txt" "Terraform"
expect_grep "status shows the job hunt's pulse" "$AV_TMP/status.txt" "interviews per week"

# the person edits Marcus's draft in their client: the client saves a new message
# (keeping our header) and deletes the old one
f=$(draft_file marcus.lee)
sed 's/I look forward/Marcus, I really look forward/' "$f" >"$AV_TMP/edited.eml"
old_uid=$(sql "select uid from draft where who = 'marcus.lee@quillfeather.example'")
seed --date "22-Oct-2026 19:30:00 +0000" --flags '\Draft \Seen' Drafts "$AV_TMP/edited.eml" >/dev/null
doveadm -c "$DOVECOT_CONF" expunge -u "$IMAP_USER" mailbox Drafts uid "$old_uid"
edited_line=$(drafts | tail -1)

# a thank-you to Renée goes out; notes about Marcus change
seed --date "22-Oct-2026 19:00:00 +0000" --flags '\Seen' Sent "$rd/sent-thanks-renee.eml" >/dev/null
outside >"$AV_TMP/before"
expect_exit 0 "notes about Marcus" notes "$panel" \
	'/^== Marcus Lee/{n;s/^discussed:.*/discussed: the on-call rotation/}'
expect_exit 0 "a run after the thank-you and the edit" run
expect_grep "it says Renée's draft was removed" "$AV_TMP/out" "The draft to Renée Dubois (Quillfeather) was removed from Drafts: your thank-you went out."
check "Renée's draft is gone from Drafts" eval '[ -z "$(draft_file renee.dubois)" ]'
check "Marcus's edited draft is untouched" eval 'drafts | grep -qxF "$edited_line"'
check "no new draft was made for Marcus" test "$(grep -l marcus.lee "$drafts_dir"/cur/* "$drafts_dir"/new/* 2>/dev/null | wc -l)" = 1
status_json
check "Renée: thanked" test "$(field 'Renée Dubois' state)" = thanked
check "Marcus: still drafted (his edited draft is there)" test "$(field 'Marcus Lee' state)" = drafted
$AV_VALGRIND "$AFTERVIEW" -c "$conf" status --now "$now" >"$AV_TMP/status.txt"
expect_grep "status says the person edited Marcus's draft" "$AV_TMP/status.txt" "you edited the draft"
outside >"$AV_TMP/after"
check "outside Drafts nothing changed" cmp "$AV_TMP/before" "$AV_TMP/after"

# feedback noted for the Halcyon interview: its drafts thank for it, without quoting it
expect_exit 0 "feedback noted for the Halcyon interview" notes "$halcyon" \
	'/^== Feedback ==/a they want more depth on capacity planning'
expect_exit 0 "a run after the feedback was noted" run
check "the three Halcyon drafts were made anew" test "$(grep -c 'was made anew' "$AV_TMP/out")" = 3
check "they thank for the feedback" eval 'grep -qi "feedback" "$(draft_file "Jane Okafor")"'
check "... without quoting the person's notes" eval '! grep -rq "capacity planning" "$drafts_dir"'

# the state a crash leaves between the replacement's APPEND and the old draft's removal:
# the row back at 'intent' with the old UID to replace, and the new draft already there
jane_uid=$(sql "select uid from draft where who = 'Jane Okafor'")
jane_hash=$(sql "select body_hash from draft where who = 'Jane Okafor'")
sql "update draft set state = 0, replaces_uid = $jane_uid, replaces_hash = '$jane_hash' where who = 'Jane Okafor'" >/dev/null
# (the replacement is byte for byte what afterview recorded: here the same text again)
tr -d '\r' <"$(draft_file 'Jane Okafor')" >"$AV_TMP/jane-new.eml"
seed --date "22-Oct-2026 20:00:00 +0000" --flags '\Draft \Seen' Drafts "$AV_TMP/jane-new.eml" >/dev/null
jane_new_uid=$(drafts | tail -1 | cut -d' ' -f1)
check "two drafts for Jane after the 'crash'" test "$(grep -l 'Jane Okafor' "$drafts_dir"/cur/* "$drafts_dir"/new/* 2>/dev/null | wc -l)" = 2
expect_exit 0 "the run after the crash" run
check "one draft for Jane: the old one was removed" test "$(grep -l 'Jane Okafor' "$drafts_dir"/cur/* "$drafts_dir"/new/* 2>/dev/null | wc -l)" = 1
check "the one left is the new one (UID $jane_new_uid)" test "$(sql "select uid from draft where who = 'Jane Okafor'")" = "$jane_new_uid"
check "... and it is in Drafts" eval 'drafts | grep -q "^$jane_new_uid "'

# update_drafts = no: a cancellation withdraws nothing
write_conf no
seed --date "22-Oct-2026 21:05:00 +0000" INBOX "$rd/cancel-greenhouse.eml" >/dev/null
before_n=$(n_drafts)
expect_exit 0 "a run after the cancellation, update_drafts = no" run
check "no draft was withdrawn" test "$(n_drafts)" = "$before_n"
status_json
check "Tomás Lindqvist: cancelled" test "$(field 'Tomás Lindqvist' state)" = cancelled

# update_drafts = yes: the cancelled interview's unedited drafts go
write_conf yes
expect_exit 0 "a run after the cancellation, update_drafts = yes" run
check "the three Halcyon drafts were withdrawn" test "$(n_drafts)" = $((before_n - 3))
expect_grep "it says why" "$AV_TMP/out" "the interview was cancelled"
check "Marcus's edited draft is still untouched" eval 'drafts | grep -qxF "$edited_line"'

# what was sent: a single SELECT (of Drafts) per withdrawal, UID EXPUNGE only
check "only Drafts was ever selected" eval '! grep -E "\[imap\] C: [0-9]+ SELECT" "$AV_TMP/all-err" | grep -vq "SELECT \"\?Drafts"'
check "never a plain EXPUNGE or CLOSE" eval '! grep -qE "\[imap\] C: [0-9]+ (EXPUNGE|CLOSE)" "$AV_TMP/all-err"'
check "every STORE adds \\Deleted to one UID" eval '! grep -E "\[imap\] C: [0-9]+ UID STORE" "$AV_TMP/all-err" | grep -vqE "UID STORE [0-9]+ \+FLAGS.SILENT \(\\\\Deleted\)"'
check "the trace never shows the password" eval '! grep -qF "$(cat "$IMAP_PASSWORD_FILE")" "$AV_TMP/all-err"'
finish
