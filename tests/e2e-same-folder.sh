#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# issue 14, item 1: Drafts and Sent resolving to one folder, against a real Dovecot that
# marks neither with special-use: `drafts = Sent`, and `sent = Drafts`, make `run` exit
# 78 with a message naming both settings, before anything is read or written (the
# mailbox unchanged, no sent mail recorded); with the two apart the same mailbox runs,
# and a thank-you in Sent that was only saved (\Draft) or one of afterview's own drafts
# copied into Sent does not count as sent.
. "${srcdir:-$(dirname "$0")/..}/tests/e2e-imap-lib.sh"
rd=$srcdir/tests/data/run
fx=$srcdir/tests/data/invites
dovecot_start >/dev/null
sed -i '/^  mailbox \(Drafts\|Sent\) {/,/^  }/d' "$DOVECOT_CONF"
check "the Dovecot marks no folder \\Sent or \\Drafts" eval '! grep -q special_use "$DOVECOT_CONF"'
dovecot_restart
export XDG_STATE_HOME=$AV_TMP/state
db=$XDG_STATE_HOME/afterview/state.db
conf=$AV_TMP/conf
write_conf() { # extra account lines
	cat >"$conf" <<CONF
[me]
name = Sam Rivera
addresses = sam.rivera@example.net
timezone = America/New_York
[afterview]
update_drafts = yes
$(dovecot_account test)
$1
CONF
	chmod 600 "$conf"
}
now=2026-10-22T20:00:00Z
run() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" -D imap run --now "$now" 2> >(tee -a "$AV_TMP/all-err" >&2); }
sql() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); r=c.execute(sys.argv[2]).fetchone(); print(r[0] if r else "")' "$db" "$1"; }

seed --date "15-Oct-2026 09:00:00 +0000" INBOX "$rd/panel-quillfeather.eml" >/dev/null
seed --create Sent --date "22-Oct-2026 19:00:00 +0000" --flags '\Seen' "$rd/sent-accepted-marcus.eml" >/dev/null
seed --create Drafts --flags '\Draft \Seen' "$srcdir/tests/data/imap/draft.eml" >/dev/null
dump >"$AV_TMP/before"

for setting in "drafts = Sent" "sent = Drafts" "sent = Drafts
drafts = Drafts"; do
	write_conf "$setting"
	what=$(printf '%s' "$setting" | tr '\n' ' ')
	expect_exit 78 "$what: refused (EX_CONFIG)" run
	expect_grep "... naming the folder" "$AV_TMP/err" "would be one folder"
	case "$setting" in
	"drafts = Sent")
		expect_grep "... and both settings" "$AV_TMP/err" \
			'"Sent" (sent = (not set), chosen as common name; drafts = Sent, chosen as configured)' ;;
	"sent = Drafts")
		expect_grep "... and both settings" "$AV_TMP/err" \
			'"Drafts" (sent = Drafts, chosen as configured; drafts = (not set), chosen as common name)' ;;
	*)
		expect_grep "... and both settings" "$AV_TMP/err" \
			'(sent = Drafts, chosen as configured; drafts = Drafts, chosen as configured)' ;;
	esac
	check "... before any folder but INBOX was examined" \
		eval '! grep -E "\[imap\] C: [0-9]+ EXAMINE" "$AV_TMP/err" | grep -vq "EXAMINE INBOX"'
	check "... nothing written" eval '! grep -qE "\[imap\] C: [0-9]+ (APPEND|SELECT|UID STORE|UID EXPUNGE)" "$AV_TMP/err"'
	dump >"$AV_TMP/after"
	check "... the mailbox unchanged" cmp -s "$AV_TMP/before" "$AV_TMP/after"
	check "... no sent mail recorded" test "$(sql 'select count(*) from sent')" = 0
done

# apart: the same mailbox runs; a thank-you only saved in Sent (\Draft) and Renée's draft
# of ours copied into Sent are not thank-yous
write_conf ""
seed --date "22-Oct-2026 19:30:00 +0000" --flags '\Seen \Draft' Sent "$srcdir/tests/data/run/sent-thanks-renee.eml" >/dev/null
expect_exit 0 "with Sent and Drafts apart: the run works" run
check "... two drafts made, in Drafts" test "$(sql "select count(*) from draft where state = 1 and folder = 'Drafts'")" = 2
check "... a \\Draft thank-you in Sent is no thank-you: Renée is drafted" \
	test "$(sql "select state from draft where who = 'renee.dubois@quillfeather.example'")" = 1
renee=$(grep -l renee.dubois "$DOVECOT_DIR/mail/$IMAP_USER/.Drafts/cur/"* "$DOVECOT_DIR/mail/$IMAP_USER/.Drafts/new/"* 2>/dev/null | head -1)
check "... her draft is in Drafts" test -n "$renee"
tr -d '\r' <"$renee" >"$AV_TMP/renee-draft.eml"
seed --date "22-Oct-2026 20:00:00 +0000" --flags '\Seen' Sent "$AV_TMP/renee-draft.eml" >/dev/null
expect_exit 0 "a run after afterview's draft to Renée was copied into Sent" run
check "... not a thank-you: her draft is still there, not withdrawn" \
	test "$(sql "select state from draft where who = 'renee.dubois@quillfeather.example'")" = 1
check "... nor counted as sent mail" \
	test "$(sql "select count(*) from sent where recipients like '%renee%'")" = 0
no_forbidden_commands
finish
