#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# e2e-courier.sh - the try-it sample mailbox run on a real Courier-IMAP 5.0 (issue 16),
# started by tests/courier.sh on loopback: no SPECIAL-USE, no CONDSTORE, no UNSELECT,
# folders under "INBOX." with the separator ".", and an APPEND refused while its target is
# selected by EXAMINE. Cases: INBOX.Sent/INBOX.Drafts found by their common names, and
# configured names with spaces. Each case: the drafts of the same run on Dovecot, a rerun
# adds none, nothing outside Drafts (nor the person's own draft) changes. Skips (77) where Courier cannot run (it needs root here).
#
# Run by `make check`, or by hand from the build dir: bash tests/e2e-courier.sh
# Exit: 0 pass, 1 fail, 77 skip, 99 hard error.
# shellcheck disable=SC2016,SC2119
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "${srcdir:-$here/..}/tests/e2e-imap-lib.sh"
. "$srcdir/tests/courier.sh"
. "$srcdir/tests/e2e-servers-lib.sh"
courier_skip_unless_available
command -v python3 >/dev/null || { echo "SKIP: python3 not installed"; exit 77; }

sample_reference

courier_start
sample_case "Courier, INBOX.Sent/INBOX.Drafts (no SPECIAL-USE), common names" INBOX.Sent INBOX.Drafts
check "... no LIST RETURN (SPECIAL-USE) asked of a server without it" \
	eval '! grep -q "RETURN (SPECIAL-USE)" "$AV_TMP/err-both"'
check "... the read-only Drafts left by EXAMINE INBOX before the APPEND (no UNSELECT)" \
	eval 'sed -n "s/^.*\[imap\] C: [0-9]* //p" "$AV_TMP/err-1" | grep -B1 "^APPEND" | grep -q "^EXAMINE INBOX"'
courier_stop

courier_start --no-folders
python3 - "$IMAP_PORT" "$IMAP_USER" "$IMAP_PASSWORD_FILE" <<'PY'
import imaplib, sys
m = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
m.login(sys.argv[2], open(sys.argv[3]).read().strip())
for name in ('"INBOX.Work Drafts"', '"INBOX.Sent Archive"'):
    assert m.create(name)[0] == "OK", name
m.logout()
PY
sample_case "Courier, configured names with spaces" "INBOX.Sent Archive" "INBOX.Work Drafts" \
	"$(printf 'sent = INBOX.Sent Archive\ndrafts = INBOX.Work Drafts')"
sample_driver_checks "Courier" "INBOX.Work Drafts"
courier_stop

echo "--- server matrix"
cat "$AV_TMP/matrix"
finish
