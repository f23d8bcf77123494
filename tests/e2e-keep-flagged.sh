#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# issue 14, item 5, against a real Dovecot: a draft of afterview's that the person flagged
# counts as touched. Marcus's draft flagged \Flagged, then the notes about him change;
# Renée's given the keyword $Important, then a thank-you to her goes out: neither draft
# is made anew nor withdrawn, both stay byte for byte with their flags; outside Drafts
# nothing changes.
. "${srcdir:-$(dirname "$0")/..}/tests/e2e-imap-lib.sh"
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
drafts_dir=$DOVECOT_DIR/mail/$IMAP_USER/.Drafts
run() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" -D imap run --now "$now" 2> >(tee -a "$AV_TMP/all-err" >&2); }
sql() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); r=c.execute(sys.argv[2]).fetchone(); print(r[0] if r else "")' "$db" "$1"; }
drafts() { dump --folder Drafts | grep -v '^folder'; }
outside() { dump | awk '/^folder /{skip = ($2 == "Drafts")} !skip'; }
draft_file() { grep -l -- "$1" "$drafts_dir"/cur/* "$drafts_dir"/new/* 2>/dev/null | head -1; }
uid_of() { sql "select uid from draft where who = '$1'"; }
notes() {
	cat >"$AV_TMP/editor" <<ED
#!/bin/sh
sed -i '$2' "\$1"
ED
	chmod +x "$AV_TMP/editor"
	EDITOR=$AV_TMP/editor $AV_VALGRIND "$AFTERVIEW" -c "$conf" notes "$1"
}

seed --date "15-Oct-2026 09:00:00 +0000" INBOX "$rd/panel-quillfeather.eml" >/dev/null
expect_exit 0 "first run" run
marcus=$(uid_of marcus.lee@quillfeather.example)
renee=$(uid_of renee.dubois@quillfeather.example)
check "two drafts: Marcus's and Renée's" eval '[ -n "$marcus" ] && [ -n "$renee" ]'
doveadm -c "$DOVECOT_CONF" flags add -u "$IMAP_USER" '\Flagged' mailbox Drafts uid "$marcus"
doveadm -c "$DOVECOT_CONF" flags add -u "$IMAP_USER" '$Important' mailbox Drafts uid "$renee"
drafts >"$AV_TMP/d-before"
check "Marcus's draft carries \\Flagged" eval 'grep "^$marcus " "$AV_TMP/d-before" | grep -q "Flagged"'
check "Renée's draft carries \$Important" eval 'grep "^$renee " "$AV_TMP/d-before" | grep -q "Important"'
cp "$(draft_file marcus.lee)" "$AV_TMP/marcus.eml"
cp "$(draft_file renee.dubois)" "$AV_TMP/renee.eml"

$AV_VALGRIND "$AFTERVIEW" -c "$conf" status --json --now "$now" >"$AV_TMP/status.json"
panel=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["interviews"][0]["id"])' "$AV_TMP/status.json")
expect_exit 0 "notes about Marcus change" notes "$panel" \
	'/^== Marcus Lee/{n;s/^discussed:.*/discussed: the on-call rotation/}'
seed --date "22-Oct-2026 19:00:00 +0000" --flags '\Seen' Sent "$rd/sent-thanks-renee.eml" >/dev/null
outside >"$AV_TMP/before"
expect_exit 0 "a run after the notes changed and the thank-you to Renée went out" run
drafts >"$AV_TMP/d-after"
check "Drafts: the same messages, UIDs and flags" cmp -s "$AV_TMP/d-before" "$AV_TMP/d-after"
check "Marcus's flagged draft byte for byte" cmp -s "$AV_TMP/marcus.eml" "$(draft_file marcus.lee)"
check "Renée's \$Important draft byte for byte" cmp -s "$AV_TMP/renee.eml" "$(draft_file renee.dubois)"
check "no draft made anew or withdrawn" eval '! grep -qE "made anew|was removed from Drafts" "$AV_TMP/out"'
check "no APPEND, no SELECT in that run" eval '! grep -qE "\[imap\] C: [0-9]+ (APPEND|SELECT)" "$AV_TMP/err"'
outside >"$AV_TMP/after"
check "outside Drafts nothing changed" cmp -s "$AV_TMP/before" "$AV_TMP/after"
expect_exit 0 "one more run" run
check "... changes nothing either" eval 'drafts | cmp -s - "$AV_TMP/d-before"'
finish
