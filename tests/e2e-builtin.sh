#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The binary runs where it is built (issue 14): with no AFTERVIEW_* variable set and
# nothing installed, the templates and the Windows zone table compiled in are used —
# check-config passes, scan reads a Windows zone name, run --dry-run renders drafts and
# run puts them into a throwaway Dovecot's Drafts. Then the files still win, in today's
# order: $AFTERVIEW_TEMPLATES (and the config's `templates`) over the built-in templates,
# $AFTERVIEW_DATADIR/windowsZones.tsv over the built-in table.
. "${srcdir:-$(dirname "$0")/..}/tests/e2e-imap-lib.sh"
fx=$srcdir/tests/data/invites
# `make check` sets both for every test; this one is about running without them
unset AFTERVIEW_TEMPLATES AFTERVIEW_DATADIR
bare() { env -u AFTERVIEW_TEMPLATES -u AFTERVIEW_DATADIR $AV_VALGRIND "$AFTERVIEW" "$@"; }

dovecot_start >/dev/null
export XDG_STATE_HOME=$AV_TMP/state
conf=$AV_TMP/conf
cat >"$conf" <<CONF
[me]
name = Sam Rivera
addresses = sam.rivera@example.net
timezone = America/New_York
$(dovecot_account test)
timeout = 10
CONF
chmod 600 "$conf"
now=2026-10-28T20:00:00Z # an hour after the phone screen, in the 24-hour window
drafts_dir=$DOVECOT_DIR/mail/$IMAP_USER/.Drafts
n_drafts() { find "$drafts_dir/cur" "$drafts_dir/new" -type f 2>/dev/null | wc -l; }
# a place where an installed copy would be read first (today's order): the checks that
# name the built-in copies hold only when nothing is installed there
installed=no
[ -n "${AV_PKGDATADIR:-}" ] && [ -e "$AV_PKGDATADIR/templates/formal.txt" ] && installed=yes

# The Windows fixture: TZID=Eastern Standard Time with no VTIMEZONE, 14:00 on 28 Oct 2026
seed --date "27-Oct-2026 09:00:00 +0000" INBOX "$fx/windows-tz-eastern-no-vtimezone.eml" >/dev/null

expect_exit 0 "check-config with no AFTERVIEW_* variable and nothing installed" \
	bare -c "$conf" check-config
expect_exit 0 "scan of an invite with a Windows zone name" \
	bare -D ical scan "$fx/windows-tz-eastern-no-vtimezone.eml"
expect_grep "the Windows name is read through the built-in table (America/New_York, 18:00Z)" \
	"$AV_TMP/out" "2026-10-28T18:00:00Z – 2026-10-28T19:00:00Z (14:00 local, UTC-04:00 America/New_York)"
[ $installed = yes ] || expect_grep "... the built-in table, as the debug line says" "$AV_TMP/err" \
	"built-in windowsZones.tsv: "

expect_exit 0 "run --dry-run" bare -c "$conf" -D draft run --dry-run --now "$now"
check "it renders the draft it would make" test "$(grep -c '^--- would append' "$AV_TMP/out")" = 1
expect_grep "... in the shipped formal wording" "$AV_TMP/out" "Subject: Thank you for the interview"
expect_grep "... to the interviewer" "$AV_TMP/out" "ben.carter@harborfinch.example"
[ $installed = yes ] || expect_grep "... from the built-in template" "$AV_TMP/err" "template built-in formal.txt: "
check "nothing was appended" test "$(n_drafts)" = 0

# ---- a file still wins ----
mkdir -p "$AV_TMP/tpl" "$AV_TMP/data" "$AV_TMP/mine"
printf 'Subject: Shipped-override thanks\n\nDear {{first_name}}, thank you.\n{{signature}}\n' \
	>"$AV_TMP/tpl/formal.txt"
export XDG_STATE_HOME=$AV_TMP/state-override
expect_exit 0 "run --dry-run, AFTERVIEW_TEMPLATES naming a formal.txt" \
	env -u AFTERVIEW_DATADIR AFTERVIEW_TEMPLATES="$AV_TMP/tpl" $AV_VALGRIND "$AFTERVIEW" \
	-c "$conf" -D draft run --dry-run --now "$now"
expect_grep "the file's Subject wins over the built-in one" "$AV_TMP/out" "Subject: Shipped-override thanks"
expect_no_grep "... and the built-in wording is not used" "$AV_TMP/out" "Thank you for the interview"
expect_grep "... read from the file" "$AV_TMP/err" "template $AV_TMP/tpl/formal.txt: "

printf 'Subject: My own thanks\n\nHello {{first_name}}.\n' >"$AV_TMP/mine/formal.txt"
{
	cat "$conf"
	printf '[afterview]\ntemplates = %s\n' "$AV_TMP/mine"
} >"$AV_TMP/conf-mine"
chmod 600 "$AV_TMP/conf-mine"
expect_exit 0 "run --dry-run with the config's templates directory too" \
	env -u AFTERVIEW_DATADIR AFTERVIEW_TEMPLATES="$AV_TMP/tpl" $AV_VALGRIND "$AFTERVIEW" \
	-c "$AV_TMP/conf-mine" run --dry-run --now "$now"
expect_grep "the person's own template wins over AFTERVIEW_TEMPLATES" "$AV_TMP/out" "Subject: My own thanks"

printf 'Eastern Standard Time\tAsia/Tokyo\n' >"$AV_TMP/data/windowsZones.tsv"
expect_exit 0 "scan with AFTERVIEW_DATADIR naming a windowsZones.tsv" \
	env -u AFTERVIEW_TEMPLATES AFTERVIEW_DATADIR="$AV_TMP/data" $AV_VALGRIND "$AFTERVIEW" \
	scan "$fx/windows-tz-eastern-no-vtimezone.eml"
expect_grep "the file's mapping wins over the built-in table" "$AV_TMP/out" "Asia/Tokyo"

# ---- and the draft itself, from the built-in template ----
export XDG_STATE_HOME=$AV_TMP/state
expect_exit 0 "run" bare -c "$conf" run --now "$now"
check "the draft is in Drafts" test "$(n_drafts)" = 1
cat "$drafts_dir"/cur/* "$drafts_dir"/new/* >"$AV_TMP/drafts" 2>/dev/null || true
expect_grep "... addressed to the interviewer" "$AV_TMP/drafts" "To: \"Ben Carter\" <ben.carter@harborfinch.example>"
expect_grep "... in the shipped wording" "$AV_TMP/drafts" "Subject: Thank you for the interview"

finish
