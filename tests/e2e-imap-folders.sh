#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# e2e-imap-folders.sh - how the IMAP driver finds Sent and Drafts, against a throwaway
# Dovecot: special-use (RFC 6154) first, then the configured name, then common localized
# names — with the configured name winning over the guesses, Drafts never INBOX, and a
# clear AV_ERR_CONFIG naming what was tried; folder names with non-ASCII characters
# (modified UTF-7, RFC 3501 5.1.3) both ways: created on the wire form by av-seed, found
# and opened by their UTF-8 names, appended to.
#
# Run by `make check`, or by hand from the build dir: bash tests/e2e-imap-folders.sh
# Exit: 0 pass, 1 fail, 77 skip, 99 hard error.
# shellcheck disable=SC2016,SC2119 # eval '...' on purpose; dovecot_start, dump take options
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "${srcdir:-$here/..}/tests/e2e-imap-lib.sh"

data="$srcdir/tests/data/imap"

# The modified UTF-7 form of a UTF-8 name, computed independently of imap.c.
mutf7()
{
	python3 -c '
import base64, sys
name, out, run = sys.argv[1], "", ""
def flush():
    global out, run
    if run:
        b = base64.b64encode(run.encode("utf-16-be")).decode().rstrip("=")
        out += "&" + b.replace("/", ",") + "-"
        run = ""
for ch in name:
    if 0x20 <= ord(ch) <= 0x7e:
        flush()
        out += "&-" if ch == "&" else ch
    else:
        run += ch
flush()
print(out)' "$1"
}
check "the test's own encoder agrees with RFC 3501's example" \
	[ "$(mutf7 '~peter/mail/台北/日本語')" = '~peter/mail/&U,BTFw-/&ZeVnLIqe-' ]

# --- the default Dovecot: Sent and Drafts carry \Sent and \Drafts
dovecot_start
use starttls
expect_probe 0 "special-use: Sent and Drafts" find sent - find drafts -
check "... Sent" grep -qx "folder sent Sent" "$AV_TMP/out"
check "... Drafts" grep -qx "folder drafts Drafts" "$AV_TMP/out"
expect_grep "... found as special-use (LIST, no second command)" "$AV_TMP/err" \
	'Sent folder: "Sent" (special-use)'
expect_probe 0 "special-use comes before a configured name" find sent Elsewhere
check "... Sent" grep -qx "folder sent Sent" "$AV_TMP/out"
expect_probe 78 "EXAMINE of a folder that does not exist is AV_ERR_CONFIG" examine Nowhere
expect_grep "... naming it" "$AV_TMP/err" 'EXAMINE "Nowhere"'
dovecot_stop

# --- no special-use at all, no Sent or Drafts: localized and configured names
dovecot_start
sed -i '/^  mailbox \(Drafts\|Sent\) {/,/^  }/d' "$DOVECOT_CONF"
check "the configuration has no special_use left" eval '! grep -q special_use "$DOVECOT_CONF"'
dovecot_restart
use plain

expect_probe 78 "no Drafts folder at all is AV_ERR_CONFIG" find drafts -
expect_grep "... saying no folder is marked \\Drafts" "$AV_TMP/err" 'none is marked \Drafts'
expect_grep "... listing the names tried" "$AV_TMP/err" '"[Gmail]/Drafts", "INBOX.Drafts"'
expect_grep "... including the localized ones" "$AV_TMP/err" '"Entwürfe", "Brouillons"'
expect_grep "... and what to set" "$AV_TMP/err" "set drafts = NAME"
expect_probe 78 "drafts = INBOX is never used" find drafts INBOX
expect_grep "... and says so" "$AV_TMP/err" "drafts never go to INBOX"

entwuerfe=$(mutf7 'Entwürfe')
check "Entwürfe on the wire is Entw&APw-rfe" [ "$entwuerfe" = 'Entw&APw-rfe' ]
seed --create 'Gesendete Objekte' "$data/sent-group.eml" >/dev/null
seed --create "$entwuerfe" "$data/draft.eml" >/dev/null
expect_probe 0 "localized names: Gesendete Objekte, Entwürfe" find sent - find drafts -
check "... Sent is Gesendete Objekte" grep -qx "folder sent Gesendete Objekte" "$AV_TMP/out"
check "... Drafts is Entwürfe (decoded from modified UTF-7)" \
	grep -qx "folder drafts Entwürfe" "$AV_TMP/out"
expect_probe 0 "EXAMINE by the UTF-8 name" examine 'Entwürfe'
check "... opens Entw&APw-rfe with its message" \
	grep -qE '^examine Entwürfe uidvalidity [0-9]+ uidnext 2 exists 1 ' "$AV_TMP/out"
expect_grep "... asked encoded (STATUS, sent with the listing)" "$AV_TMP/err" 'STATUS "Entw&APw-rfe"'
expect_probe 0 "... and opened encoded when a command needs it" examine 'Entwürfe' search 1 0
expect_grep "... EXAMINE encoded" "$AV_TMP/err" 'EXAMINE "Entw&APw-rfe"'
check "... its message found" grep -qx "search 1" "$AV_TMP/out"

seed --create 'Sent Items' "$data/sent-group.eml" >/dev/null
expect_probe 0 "of two common names, the earlier in the list wins" find sent -
check "... Sent Items before Gesendete Objekte" grep -qx "folder sent Sent Items" "$AV_TMP/out"
expect_probe 0 "a configured name wins over the guesses" find sent 'Gesendete Objekte'
check "... Gesendete Objekte" grep -qx "folder sent Gesendete Objekte" "$AV_TMP/out"
expect_probe 0 "a configured name that does not exist falls back to the guesses" \
	find sent 'Postausgang'
check "... Sent Items" grep -qx "folder sent Sent Items" "$AV_TMP/out"
expect_grep "... with a warning" "$AV_TMP/err" '"Postausgang" does not exist'

seed --create '[Gmail]/Drafts' "$data/draft.eml" >/dev/null
expect_probe 0 "[Gmail]/Drafts comes before Entwürfe among the guesses" find drafts -
check "... [Gmail]/Drafts" grep -qxF "folder drafts [Gmail]/Drafts" "$AV_TMP/out"
expect_probe 0 "configured Entwürfe wins over [Gmail]/Drafts" find drafts 'Entwürfe'
check "... Entwürfe" grep -qx "folder drafts Entwürfe" "$AV_TMP/out"

# --- a name with '&', a character outside the BMP (surrogate pair) and accents
odd='Bewerbungen 🚀 & Co/Éléments'
odd_wire=$(mutf7 "$odd")
seed --create "$odd_wire" "$data/sent-thanks.eml" >/dev/null
expect_probe 0 "a configured name with &, an emoji and accents is found" find sent "$odd" \
	examine "$odd"
check "... by its UTF-8 name" grep -qxF "folder sent $odd" "$AV_TMP/out"
check "... and opened" grep -qF "examine $odd uidvalidity" "$AV_TMP/out"
expect_grep "... sent as $odd_wire" "$AV_TMP/err" "EXAMINE \"$odd_wire\""
expect_probe 78 "a name that is not valid UTF-8 is refused" examine "$(printf 'Bad\xff')"

# --- APPEND to a non-ASCII Drafts
dump >"$AV_TMP/before"
expect_probe 0 "APPEND to Entwürfe (configured Drafts)" find drafts 'Entwürfe' \
	append 'Entwürfe' "$data/draft.eml"
dump >"$AV_TMP/after"
check "... the message is in Entw&APw-rfe" \
	eval '[ "$(awk "/^folder /{p=(\$2==\"Entw&APw-rfe\")} p && /^[0-9]/" "$AV_TMP/after" | wc -l)" = 2 ]'
check "... and nowhere else" \
	eval '[ "$(diff "$AV_TMP/before" "$AV_TMP/after" | grep -c "^[<>]")" = 1 ]'

# --- APPEND never into a read-only selection of its target (issue 16): after EXAMINE
# Drafts, Dovecot gets UNSELECT first; the person's mail keeps every flag
seed --create --flags '\Flagged $Important' Drafts "$data/draft.eml" >/dev/null
seed --flags '\Seen' INBOX "$data/sent-thanks.eml" >/dev/null
dump >"$AV_TMP/before"
expect_probe 0 "APPEND to Drafts right after EXAMINE Drafts" find drafts - examine Drafts \
	search 1 0 append Drafts "$data/draft.eml" search 1 0
commands() { sed -n 's/^.*\[imap\] C: [0-9]* //p' "$AV_TMP/err"; }
check "... the read-only Drafts left by UNSELECT before the APPEND" \
	eval 'commands | grep -B1 "^APPEND" | head -n 1 | grep -qx UNSELECT'
check "... Drafts examined again for the search after it" \
	eval 'commands | sed -n "/^APPEND/,\$p" | grep -q "^EXAMINE Drafts"'
dump >"$AV_TMP/after"
check "... one message more, in Drafts; every other message and flag as it was" \
	eval 'diff "$AV_TMP/before" "$AV_TMP/after" | grep "^[<>]" >"$AV_TMP/diff";
		[ "$(wc -l <"$AV_TMP/diff")" = 1 ] && grep -q "^> [0-9]* (\\\\Draft \\\\Seen) " "$AV_TMP/diff"'

no_forbidden_commands
finish
