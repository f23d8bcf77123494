#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Try afterview on a throwaway local IMAP server, in one command:
#
#   bash contrib/try-it.sh
#
# Installs the build dependencies (apt-get, needs root or sudo), builds afterview in
# _build/try, starts a private Dovecot on a free loopback port (nothing under /etc is
# touched), fills a sample mailbox with real-looking invites, writes a config for it
# and shows what afterview makes of it. Everything is removed at the end
# (KEEP_DOVECOT=1 keeps the server's directory to look around).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/_build/try

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "dependencies"
sh "$top/contrib/install-deps.sh"

say "building afterview"
cd "$top"
[ -x configure ] || autoreconf -fi >/dev/null
if [ -f config.status ]; then
	build=$top # a tree configured in place (a developer's) builds in place
else
	mkdir -p "$build"
	cd "$build"
	[ -f Makefile ] || "$top/configure" -q
fi
cd "$build"
make -s -j"$(nproc)" afterview tests/tools/av-seed tests/tools/av-dump >/dev/null

srcdir=$top
# shellcheck source=../tests/dovecot.sh
. "$top/tests/dovecot.sh"
dovecot_skip_unless_available
say "starting a throwaway Dovecot"
dovecot_start
echo "Dovecot on 127.0.0.1:$IMAP_PORT (STARTTLS) and :$IMAPS_PORT (TLS), user $IMAP_USER, in $DOVECOT_DIR"

say "filling the sample mailbox"
seed() { # FOLDER DATE FILE...
	local folder=$1 date=$2
	shift 2
	"$build/tests/tools/av-seed" --host "$IMAP_HOST" --port "$IMAP_PORT" --user "$IMAP_USER" \
		--password-file "$IMAP_PASSWORD_FILE" --create --date "$date" "$folder" "$@" >/dev/null
}
fx=$top/tests/data/invites
rd=$top/tests/data/run
inbox=("$fx/google-phone-screen.eml" "$fx/lever-interviewers-list.eml" "$fx/greenhouse-panel-itinerary.eml"
	"$rd/panel-quillfeather.eml" "$rd/group-lumenharbor.eml" "$fx/not-dentist-appointment.eml"
	"$fx/not-webinar-ace-your-interview.eml" "$fx/reschedule-1-original-seq0.eml"
	"$fx/reschedule-2-moved-seq1.eml")
seed INBOX "15-Oct-2026 09:00:00 +0000" "${inbox[@]}"
seed Sent "22-Oct-2026 19:00:00 +0000" "$top/tests/data/sent/thanks-priya.eml" \
	"$rd/sent-group-lumen.eml" "$rd/sent-late-hana.eml" "$rd/sent-accepted-marcus.eml"
echo "INBOX: ${#inbox[@]} messages with invites (interviews, a dentist, a webinar); Sent: 4 messages"

conf=$DOVECOT_DIR/afterview.conf
cat >"$conf" <<CONF
[me]
name = Sam Rivera
addresses = sam.rivera@example.net, samr@example.net
skills = Go, Kubernetes and incident response
timezone = America/New_York

$(dovecot_account throwaway)
CONF
chmod 600 "$conf"
# not installed: point afterview at its data in the source tree, keep its state here
export AFTERVIEW_TEMPLATES=$top/contrib/templates AFTERVIEW_DATADIR=$top/data
export XDG_STATE_HOME=$DOVECOT_DIR/state
# the sample interviews happened in October 2026: look at the mailbox as on that evening
now=2026-10-22T20:00:00Z
av() { "$build/afterview" -c "$conf" "$@"; }

say "afterview check-config"
av check-config

say "afterview run --dry-run --now $now   (shows what it would do; changes nothing)"
av run --dry-run --now "$now" >"$DOVECOT_DIR/dry-run.txt"
grep '^--- would append' "$DOVECOT_DIR/dry-run.txt"
echo
echo "The first of them in full:"
awk '/^--- would append/ { n++ } n == 1' "$DOVECOT_DIR/dry-run.txt" | tail -n +2 | tr -d '\r'
tail -n 1 "$DOVECOT_DIR/dry-run.txt"

say "afterview run --now $now   (the cron job)"
av run --now "$now"

say "afterview status --now $now"
av status --now "$now"

say "one of the drafts, as your mail client sees it in Drafts"
python3 - "$IMAP_PORT" "$IMAP_USER" "$IMAP_PASSWORD_FILE" <<'PY'
import imaplib, sys
imap = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
imap.login(sys.argv[2], open(sys.argv[3]).read().strip())
imap.select("Drafts", readonly=True)
typ, data = imap.uid("FETCH", "1", "(FLAGS BODY.PEEK[])")
print(data[0][0].decode().split("FLAGS ")[1].split(" BODY")[0])
print(data[0][1].decode("utf-8").replace("\r\n", "\n"))
imap.logout()
PY

say "afterview run again: nothing new, nothing said (cron stays quiet)"
av run --now "$now"
echo "(exit $?, no output)"

say "afterview explain for the webinar that mentions interviews"
id=$(av status --json --now "$now" >/dev/null; av scan "$fx/not-webinar-ace-your-interview.eml" 2>/dev/null | head -1 | cut -d' ' -f1)
av explain "$id" || true
