#!/bin/bash
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

say "building afterview in $build"
cd "$top"
[ -x configure ] || autoreconf -fi >/dev/null
mkdir -p "$build"
cd "$build"
[ -f Makefile ] || "$top/configure" -q
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
		--password-file "$IMAP_PASSWORD_FILE" --create --date "$date" "$folder" "$@"
}
samples=()
for f in google-phone-screen greenhouse-panel-itinerary outlook-desktop-hiring-manager \
	lever-interviewers-list webinar-how-to-ace-your-interview dentist-appointment \
	mock-interview-career-coach; do
	[ -f "$top/tests/data/invites/$f.eml" ] && samples+=("$top/tests/data/invites/$f.eml")
done
seed INBOX "10-Nov-2026 09:00:00 +0000" "${samples[@]}"

conf=$DOVECOT_DIR/afterview.conf
cat >"$conf" <<CONF
[me]
name = Sam Rivera
addresses = sam.rivera@example.net, samr@example.net
skills = Go, Kubernetes, incident response
timezone = America/New_York

[account throwaway]
host = localhost
port = $IMAP_PORT
security = starttls
ca_file = $DOVECOT_CA
user = $IMAP_USER
password_cmd = cat $IMAP_PASSWORD_FILE
CONF
chmod 600 "$conf"

say "afterview check-config"
"$build/afterview" -c "$conf" check-config

say "afterview scan: what afterview understands of the sample invites"
"$build/afterview" -c "$conf" scan "${samples[@]}" || true

say "the mailbox (read-only dump: folder, UID, flags, date, SHA-256)"
"$build/tests/tools/av-dump" --host "$IMAP_HOST" --port "$IMAP_PORT" --user "$IMAP_USER" \
	--password-file "$IMAP_PASSWORD_FILE"

say "what is not there yet"
cat <<'TXT'
afterview cannot yet read the mailbox over IMAP itself (sync), check Sent for
thank-yous or put drafts into Drafts: those are the next steps (see README.md,
"What works today"). Above, scan read the same messages from files.
TXT
