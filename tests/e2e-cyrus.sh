#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# e2e-cyrus.sh - the try-it sample mailbox run on a real Cyrus IMAP 3.6 (issue 16),
# started by tests/cyrus.sh on loopback: Sent and Drafts marked SPECIAL-USE (made with
# CREATE ... USE, under names no list of common names holds), the same folders without
# SPECIAL-USE (found by the common names: Cyrus answers BAD to the LIST RETURN
# (SPECIAL-USE) afterview used to send with a trailing space), and configured names with
# spaces. Each case: the drafts of the same run on Dovecot, a rerun adds none, nothing
# outside Drafts (nor the person's own draft) changes. Skips (77) where Cyrus cannot run.
#
# Run by `make check`, or by hand from the build dir: bash tests/e2e-cyrus.sh
# Exit: 0 pass, 1 fail, 77 skip, 99 hard error.
# shellcheck disable=SC2016,SC2119
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "${srcdir:-$here/..}/tests/e2e-imap-lib.sh"
. "$srcdir/tests/cyrus.sh"
. "$srcdir/tests/e2e-servers-lib.sh"
cyrus_skip_unless_available
command -v python3 >/dev/null || { echo "SKIP: python3 not installed"; exit 77; }

sample_reference

cyrus_start --no-folders
cyrus_user_imap 'ok(m._simple_command("CREATE", "\"Mail Drafts\"", "(USE (\\Drafts))"))
ok(m._simple_command("CREATE", "\"Mail Sent\"", "(USE (\\Sent))"))'
sample_case "Cyrus, Sent/Drafts marked SPECIAL-USE" "Mail Sent" "Mail Drafts"
check "... found by their special-use attributes" \
	grep -q 'Drafts folder: "Mail Drafts" (special-use' "$AV_TMP/err-1"
cyrus_stop

cyrus_start --no-special-use
sample_case "Cyrus, Sent/Drafts without SPECIAL-USE, common names" Sent Drafts
check "... asked with LIST RETURN (SPECIAL-USE), no trailing space, and Cyrus answered OK" \
	grep -q 'C: [0-9]* LIST "" "\*" RETURN (SPECIAL-USE)$' "$AV_TMP/err-1"
check "... Drafts then found by its common name" \
	grep -q 'Drafts folder: "Drafts" (' "$AV_TMP/err-1"
cyrus_stop

cyrus_start --no-folders
cyrus_user_imap 'ok(m.create("\"Work Drafts\"")); ok(m.create("\"Work Sent\""))'
sample_case "Cyrus, Sent/Drafts without SPECIAL-USE, configured names with spaces" \
	"Work Sent" "Work Drafts" "$(printf 'sent = Work Sent\ndrafts = Work Drafts')"
sample_driver_checks "Cyrus" "Work Drafts"
cyrus_stop

echo "--- server matrix"
cat "$AV_TMP/matrix"
finish
