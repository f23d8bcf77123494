#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# e2e-imap.sh - the IMAP driver (plugin/imap.c) against a throwaway Dovecot, through
# tests/tools/av-imap-probe: logging in over plain (loopback), STARTTLS and IMAPS, LOGIN
# and XOAUTH2; search (from a UID, since a date), calendar parts from BODYSTRUCTURE,
# BODY.PEEK of one part, sent envelopes, APPEND to Drafts only, SEARCH HEADER; the
# `-D imap` trace without the password; and the mailbox unchanged by everything but the
# APPEND (av-dump before and after: no \Seen, nothing added).
#
# Run by `make check`, or by hand from the build dir: bash tests/e2e-imap.sh
# Exit: 0 pass, 1 fail, 77 skip, 99 hard error.
# shellcheck disable=SC2016,SC2119 # eval '...' on purpose; dovecot_start, dump take options
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "${srcdir:-$here/..}/tests/e2e-imap-lib.sh"

data="$srcdir/tests/data/imap"
work=$AV_TMP
dovecot_start
echo "dovecot on ports $IMAP_PORT (STARTTLS) and $IMAPS_PORT (TLS), dir $DOVECOT_DIR"
password=$(head -n1 "$IMAP_PASSWORD_FILE")

# --- seed: INBOX with invites and a plain message, Sent with two sent messages
use plain
seed --date '16-Mar-2026 10:00:00 +0100' INBOX "$data/nested-invite.eml" >/dev/null
seed --date '17-Mar-2026 08:00:00 +0000' INBOX "$data/single-calendar.eml" >/dev/null
seed --date '01-Jan-2026 12:00:00 +0000' INBOX "$data/plain.eml" >/dev/null
seed --date '15-Mar-2026 09:30:00 -0700' --flags '\Flagged' INBOX \
	"$srcdir/tests/data/invites/ashby-final-round.eml" >/dev/null
seed --date '20-Mar-2026 18:30:00 +0100' Sent "$data/sent-thanks.eml" >/dev/null
seed --date '21-Mar-2026 09:00:00 +0000' Sent "$data/sent-group.eml" >/dev/null
dump >"$work/dump0"
check "seeded: INBOX holds 4 messages, none \\Seen" \
	eval '[ "$(awk "/^folder /{p=(\$2==\"INBOX\")} p && /^[0-9]/" "$work/dump0" | grep -vc Seen)" = 4 ]'

# --- connect and log in, every security mode
opened() { sed -n 's/^open //p' "$AV_TMP/err"; }
for mode in plain starttls tls; do
	use "$mode"
	log_mark
	expect_probe 0 "$mode: connect and LOGIN" examine INBOX
	echo "    connect+login ($mode): $(opened) s"
	log_wait_disconnect
	check "$mode: Dovecot logged the login (method=PLAIN$([ "$mode" = plain ] || echo ', TLS'))" \
		eval 'log_since_mark | grep "Login: user=<alice>, method=PLAIN" |
			grep -q "$([ "$mode" = plain ] && echo "lip=" || echo TLS)"'
done

use starttls
log_mark
expect_probe 0 "XOAUTH2 over STARTTLS (Dovecot takes the password as the token)" --oauth2 \
	examine INBOX
log_wait_disconnect
check "Dovecot logged method=XOAUTH2" eval 'log_since_mark | grep -q "user=<alice>, method=XOAUTH2"'

printf 'not-the-password\n' >"$work/wrongpw"
conn=(--port "$IMAP_PORT" --security starttls --ca-file "$DOVECOT_CA" --user alice
	--password-file "$work/wrongpw")
expect_probe 77 "a wrong password is AV_ERR_AUTH" examine INBOX
expect_grep "... saying the login was refused for alice" "$AV_TMP/err" "login refused for user alice"
expect_no_grep "... without the password" "$AV_TMP/err" "not-the-password"
expect_probe 77 "a wrong XOAUTH2 token is AV_ERR_AUTH" --oauth2 examine INBOX
expect_grep "... saying the login was refused" "$AV_TMP/err" "login refused for user alice"

# --- search
use plain
expect_probe 0 "search from UID 1" examine INBOX search 1 0
check "... finds 1 2 3 4" grep -qx "search 1 2 3 4" "$AV_TMP/out"
check "EXAMINE reports uidvalidity, uidnext 5, exists 4 and a modseq (CONDSTORE)" \
	grep -qE '^examine INBOX uidvalidity [0-9]+ uidnext 5 exists 4 modseq [1-9]' "$AV_TMP/out"
expect_probe 0 "search from UID 3" examine INBOX search 3 0
check "... finds 3 4" grep -qx "search 3 4" "$AV_TMP/out"
expect_probe 0 "search from beyond the last UID (UID 100:* matches the last message)" \
	examine INBOX search 100 0
check "... finds nothing" grep -qx "search" "$AV_TMP/out"
since=$(date -u -d '2026-03-15 12:00:00' +%s)
expect_probe 0 "search since 2026-03-15 12:00Z" examine INBOX search 1 "$since"
check "... finds 1 2 4, not the January message" grep -qx "search 1 2 4" "$AV_TMP/out"
since=$(date -u -d '2026-03-17 06:00:00' +%s)
expect_probe 0 "search from UID 2 since 2026-03-17 06:00Z" examine INBOX search 2 "$since"
check "... finds 2 only (SINCE works on days: 16 March is the day before)" \
	grep -qx "search 2" "$AV_TMP/out"

# --- calendar parts from BODYSTRUCTURE
expect_probe 0 "calendar parts of every INBOX message" examine INBOX search 1 0 parts
cut -d' ' -f1-6 "$AV_TMP/out" | grep '^part' >"$work/parts"
cat >"$work/parts.want" <<'EOF'
part 1 1.2 text/calendar 7bit utf-8
part 1 3 application/octet-stream base64 -
part 2 1 text/calendar base64 utf-8
part 4 1.3 text/calendar quoted-printable utf-8
part 4 2 application/ics base64 -
EOF
if cmp -s "$work/parts" "$work/parts.want"; then
	pass "... nested text/calendar, an .ics attachment (RFC 2231 name), a single-part body," \
		"application/ics; not the forwarded message/rfc822 nor the plain message"
else
	fail "calendar parts differ"
	diff "$work/parts.want" "$work/parts" | sed 's/^/    /'
fi
check "... with sizes" eval 'awk "/^part/ && \$7 > 0" "$AV_TMP/out" | grep -c . | grep -qx 5'

# --- BODY.PEEK of one part
expect_probe 0 "fetch part 1.2 (7bit calendar)" examine INBOX fetch 1 1.2 65536 "$work/p12"
sed -n '/^BEGIN:VCALENDAR/,/^END:VCALENDAR/p' "$data/nested-invite.eml" | head -n 12 |
	sed 's/$/\r/' | head -c -2 >"$work/p12.want"
check "... returns the part's bytes, CRLF" cmp -s "$work/p12" "$work/p12.want"
expect_probe 0 "fetch part 1 of a single-part message (base64)" examine INBOX fetch 2 1 65536 \
	"$work/p2"
check "... is the base64 text (decoded by mime.c later); it decodes to the calendar" \
	eval 'tr -d "\r" <"$work/p2" | base64 -d | grep -q "METHOD:REQUEST"'
expect_probe 0 "fetch at most 20 octets of TEXT" examine INBOX fetch 3 TEXT 20 "$work/t3"
check "... gets exactly 20 octets" eval '[ "$(wc -c <"$work/t3")" = 20 ]'
check "... from the start of the body" eval '[ "$(cat "$work/t3")" = "Just text, mentionin" ]'
expect_probe 65 "fetch from a UID that does not exist is AV_ERR_DATA" examine INBOX \
	fetch 99 1 100 "$work/none"
expect_probe 70 "a malformed section number is refused before sending" examine INBOX \
	fetch 1 1..2 100 "$work/none"

# --- envelopes of sent mail
expect_probe 0 "envelopes in Sent" examine Sent search 1 0 envelopes
t1=$(date -u -d '2026-03-20 17:30:00' +%s)
t2=$(date -u -d '2026-03-21 09:00:00' +%s)
expect_grep "envelope 1: INTERNALDATE as UTC epoch, addresses lower case (To, Cc, Bcc), subject decoded" \
	"$AV_TMP/out" "env 1 $t1 from=alice@example.org to=priya.chen@lumen.example,omar@lumen.example,recruiting@lumen.example,alice+archive@example.org msgid=thanks-1@example.org subject=Danke schön für das Gespräch date=Fri, 20 Mar 2026 18:30:00 +0100"
expect_grep "envelope 2: a group address is no recipient; no Message-ID" "$AV_TMP/out" \
	"env 2 $t2 from=alice@example.org to= msgid=- subject=plain subject date=Sat, 21 Mar 2026 09:00:00 +0000"

# --- the -D imap trace
use starttls
expect_probe 0 "-D imap traces the session (every run here does)" examine INBOX search 1 0 parts \
	fetch 1 1.2 100 "$work/p"
expect_grep "... the commands (C:)" "$AV_TMP/err" "[imap] C: 5 EXAMINE INBOX"
# issue 12: the listing and the folder's STATUS go out together, one round trip: the
# second command is written before the first one's answer is read
check "... LIST and STATUS INBOX sent together, before LIST's answer" \
	eval 'grep -E "\[imap\] (C: [34] |S: 3 OK)" "$AV_TMP/err" | cut -d" " -f4-6 | tr "\n" "|" |
		grep -qx "C: 3 LIST|C: 4 STATUS|S: 3 OK|"'
expect_grep "... STARTTLS first" "$AV_TMP/err" "[imap] C: 1 STARTTLS"
expect_no_grep "... and no CAPABILITY between it and a password LOGIN (a round trip less)" \
	"$AV_TMP/err" "C: 2 CAPABILITY"
expect_grep "... BODY.PEEK with the partial range" "$AV_TMP/err" "BODY.PEEK[1.2]<0.100>"
expect_grep "... the replies (S:)" "$AV_TMP/err" "[imap] S: * OK [UIDVALIDITY"
expect_grep "... says where the login went, untraced" "$AV_TMP/err" "(LOGIN for alice; not traced)"
expect_no_grep "... never the password" "$AV_TMP/err" "$password"
check "... lines cut to about 200 characters" \
	eval '! grep "^av-imap-probe: debug: \[imap\]" "$AV_TMP/err" | awk "length > 260" | grep -q .'
expect_probe 0 "-D all with XOAUTH2" --debug all --oauth2 examine INBOX
expect_no_grep "... never the token" "$AV_TMP/err" "$password"
expect_grep "... the certificate check is traced under -D tls" "$AV_TMP/err" "verified against"

# --- nothing above changed the mailbox
dump >"$work/dump1"
check "the mailbox after all reads equals the one before (no \\Seen, nothing added)" \
	cmp -s "$work/dump0" "$work/dump1"

# --- APPEND to Drafts, and only there
use plain
expect_probe 70 "--dry-run refuses APPEND" --dry-run find drafts - append Drafts "$data/draft.eml"
expect_grep "... saying so" "$AV_TMP/err" "dry run: APPEND refused"
expect_probe 70 "APPEND before the Drafts folder was found is refused" append Drafts \
	"$data/draft.eml"
expect_probe 70 "APPEND to INBOX is refused" find drafts - append INBOX "$data/draft.eml"
expect_probe 70 "APPEND to Sent is refused" find drafts - append Sent "$data/draft.eml"
dump >"$work/dump2"
check "... and nothing was added" cmp -s "$work/dump0" "$work/dump2"
expect_probe 0 "APPEND to the Drafts folder found" find drafts - append Drafts "$data/draft.eml"
check "... gives the APPENDUID (UIDPLUS)" grep -qE '^append [0-9]+ 1$' "$AV_TMP/out"
dump >"$work/dump3"
h=$(sed 's/$/\r/' "$data/draft.eml" | sha256sum | cut -d' ' -f1)
check "... the draft is in Drafts with \\Draft \\Seen, in CRLF" \
	eval 'awk "/^folder /{p=(\$2==\"Drafts\")} p" "$work/dump3" | grep -qE "^1 \(\\\\Draft \\\\Seen\) [0-9]+ $h\$"'
check "... and nothing else changed" \
	eval 'diff <(grep -v "^folder Drafts" "$work/dump0") <(grep -v "^folder Drafts" "$work/dump3" | grep -v " $h\$") >/dev/null'
expect_probe 0 "SEARCH HEADER finds the draft by its token" search-header Drafts X-Afterview-Id \
	tok-3f9a2c search-header Drafts X-Afterview-Id tok-none
check "... UID 1" grep -qx "search-header 1" "$AV_TMP/out"
check "... and nothing for another token" grep -qx "search-header" "$AV_TMP/out"

# --- counters (a sample run for the report), against Dovecot's own byte count
log_mark
expect_probe 0 "a sample run: examine, search, parts, fetch, envelopes, stats" examine INBOX \
	search 1 0 parts fetch 1 1.2 65536 "$work/p" examine Sent search 1 0 envelopes stats
log_wait_disconnect
echo "    $(grep '^stats' "$AV_TMP/out") (Dovecot: $(log_since_mark | grep -o 'in=[0-9]* out=[0-9]*'))"
ours=$(sed -n 's/^stats commands=[0-9]* bytes=//p' "$AV_TMP/out")
theirs=$(log_since_mark | sed -n 's/.* out=\([0-9]*\) .*/\1/p')
check "the commands counted: LOGIN + LIST + STATUS + 2 x (EXAMINE, SEARCH) + 3 FETCH = 10" \
	grep -qx "stats commands=10 bytes=$ours" "$AV_TMP/out"
check "bytes read match Dovecot's out= within the greeting and LOGOUT ($ours vs $theirs)" \
	eval '[ "${theirs:-0}" -gt 0 ] && [ $((ours - theirs)) -lt 1024 ] && [ $((theirs - ours)) -lt 1024 ]'

# --- envelopes from the header fields say what Dovecot's own ENVELOPE says (issue 12),
# for every fixture and two with odd or encoded headers: tests/tools/av-envelope-oracle.py
# reads UID FETCH (ENVELOPE) with python's imaplib and writes the probe's lines from it
parity=("$srcdir"/tests/data/invites/*.eml "$srcdir"/tests/data/sent/*.eml "$data"/*.eml
	"$srcdir"/tests/data/run/*.eml)
seed --create --date '20-Mar-2026 18:30:00 +0100' Parity "${parity[@]}" >/dev/null
expect_probe 0 "envelopes of ${#parity[@]} fixtures" examine Parity search 1 0 envelopes
grep '^env ' "$AV_TMP/out" >"$work/env.got"
python3 "$srcdir/tests/tools/av-envelope-oracle.py" --port "$IMAP_PORT" --user "$IMAP_USER" \
	--password-file "$IMAP_PASSWORD_FILE" Parity >"$work/env.want"
check "... one envelope per message" test "$(wc -l <"$work/env.got")" = "${#parity[@]}"
check "... the same as the server's ENVELOPE says (from, To/Cc/Bcc, Message-ID, subject, Date, name)" \
	cmp -s "$work/env.got" "$work/env.want"
if ! cmp -s "$work/env.got" "$work/env.want"; then
	diff "$work/env.want" "$work/env.got" | head -20 | sed 's/^/    /'
fi
expect_grep "... odd headers: an unquoted comma, groups, empty fields, a From without domain" \
	"$work/env.got" "from=- to=priya.chen@lumen.example,q@x.example,a@b.example,c@d.example,bcc@x.example msgid=foo subject= date= name=-"
expect_grep "... encoded words in names and a folded subject" "$work/env.got" \
	"from=jm@example.com to=elodie@x.example msgid=enc-1@example.org subject=Danke schön folded over lines date=Fri, 20 Mar 2026 18:30:00 +0100 name=Jürgen Müller"
log_mark
expect_probe 0 "the envelope fetch asks for the header fields, not ENVELOPE" examine Parity \
	search 1 0 envelopes
expect_grep "... UID INTERNALDATE BODY.PEEK[HEADER.FIELDS (DATE FROM TO CC BCC SUBJECT MESSAGE-ID)]" \
	"$AV_TMP/err" "UID FETCH 1:${#parity[@]} (UID INTERNALDATE BODY.PEEK[HEADER.FIELDS (DATE FROM TO CC BCC SUBJECT MESSAGE-ID)])"

# --- the only commands ever sent
no_forbidden_commands

finish
