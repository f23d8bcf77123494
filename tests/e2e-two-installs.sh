#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# issue 14, item 11, against a real Dovecot: two installations on one account (two state
# directories, as two machines would have) run `afterview run` at the same time, five
# rounds: each interviewer ends with exactly one draft of afterview's in Drafts.
. "${srcdir:-$(dirname "$0")/..}/tests/e2e-imap-lib.sh"
rd=$srcdir/tests/data/run
fx=$srcdir/tests/data/invites
dovecot_start >/dev/null
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
# the drafts in Drafts whose To or text names $1
count() { grep -l -- "$1" "$drafts_dir"/cur/* "$drafts_dir"/new/* 2>/dev/null | wc -l; }
one() { XDG_STATE_HOME=$AV_TMP/state-$1 $AV_VALGRIND "$AFTERVIEW" -c "$conf" -D imap run --now "$now" >"$AV_TMP/out-$1" 2>"$AV_TMP/err-$1"; }

seed --date "15-Oct-2026 09:00:00 +0000" INBOX "$rd/panel-quillfeather.eml" \
	"$fx/greenhouse-panel-itinerary.eml" >/dev/null
for round in 1 2 3 4 5; do
	one a & a=$!
	one b & b=$!
	ra=0; rb=0
	wait "$a" || ra=$?
	wait "$b" || rb=$?
	cat "$AV_TMP/err-a" "$AV_TMP/err-b" >>"$AV_TMP/all-err"
	# a run that found the other's lock or lost the race may fail softly; never badly
	check "round $round: both runs ended normally (exit $ra, $rb)" \
		eval '[ "$ra" = 0 ] || [ "$ra" = 75 ]; [ "$rb" = 0 ] || [ "$rb" = 75 ]'
	for who in renee.dubois@ marcus.lee@ "Jane Okafor" "Tomás Lindqvist" "Mei-Ling Park"; do
		check "round $round: one draft for $who" test "$(count "$who")" = 1
	done
done
# whether the two raced (and a twin was removed) depends on timing: say so
echo "note: $(grep -cE "\[imap\] C: [0-9]+ UID EXPUNGE" "$AV_TMP/all-err" || true) twin(s) removed"
check "writes only in Drafts: SELECT only of Drafts, UID EXPUNGE only" \
	eval '! grep -E "\[imap\] C: [0-9]+ SELECT" "$AV_TMP/all-err" | grep -vq "SELECT Drafts" &&
		! grep -qE "\[imap\] C: [0-9]+ (EXPUNGE|CLOSE|COPY|MOVE)" "$AV_TMP/all-err"'
check "APPEND only to Drafts" \
	eval '! grep -E "\[imap\] C: [0-9]+ APPEND" "$AV_TMP/all-err" | grep -vq "APPEND Drafts"'
finish
