#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# e2e-imap-faults.sh - the IMAP driver against servers that misbehave, played by
# tests/tools/av-fakeimap.py: a server that stalls (greeting, TLS handshake, LOGIN,
# EXAMINE) is cut off by the account's timeout; hostile replies (a literal announcing
# 4 GiB in a body or in an envelope, end of file inside a literal, BYE in the middle of a
# FETCH, binary garbage, an endless line, more octets than a partial fetch asked for) end
# in an error, never a hang, a crash or a 4 GiB allocation; a PREAUTH greeting or plain
# text injected after the STARTTLS answer are refused before LOGIN; security = plain to
# an address that is not loopback is refused before anything is read; and special-use
# folders given only for LIST RETURN (SPECIAL-USE) are found.
#
# Run by `make check`, or by hand from the build dir: bash tests/e2e-imap-faults.sh
# Exit: 0 pass, 1 fail, 77 skip, 99 hard error.
# shellcheck disable=SC2016,SC2119 # eval '...' on purpose; dovecot_start, dump take options
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "${srcdir:-$here/..}/tests/e2e-imap-lib.sh"
command -v python3 >/dev/null || { echo "SKIP: python3 not installed"; exit 77; }

# Dovecot only for its TLS fixture (the fake server's certificate for STARTTLS).
dovecot_start
printf 'fake-password-1234\n' >"$AV_TMP/pw"

# fake SCENARIO SECURITY WANT DESC PROBE-ARGS...: run the probe against a fresh fake
# server with a 2 s timeout.
fake()
{
	local sc=$1 sec=$2 want=$3 desc=$4
	shift 4
	fake_start "$sc" --cert "$DOVECOT_SERVER_CERT" --key "$DOVECOT_SERVER_KEY"
	conn=(--port "$FAKE_PORT" --security "$sec" --user alice --password-file "$AV_TMP/pw"
		--timeout 2 --ca-file "$DOVECOT_CA")
	expect_probe "$want" "$sc: $desc" "$@"
	fake_stop
	echo "    $sc: ${elapsed} s"
}

# --- stalls: cut off by the timeout (2 s; generous bound for slow or valgrind runs)
fake stall-greeting plain 75 "no greeting is AV_ERR_TEMP" examine INBOX
expect_grep "... the server did not answer within 2 s" "$AV_TMP/err" \
	"did not answer within 2 s"
check "... after about the timeout (${elapsed} s, 1.5 to 15)" \
	eval 'seconds_below 15 && ! seconds_below 1.5'
fake stall-greeting tls 75 "no TLS handshake is AV_ERR_TEMP" examine INBOX
expect_grep "... the handshake got no answer within 2 s" "$AV_TMP/err" \
	"TLS handshake with 127.0.0.1 port $FAKE_PORT: no answer within 2 s"
check "... after about the timeout (${elapsed} s, 1.5 to 15)" \
	eval 'seconds_below 15 && ! seconds_below 1.5'
fake stall-login plain 75 "no answer to LOGIN is AV_ERR_TEMP" examine INBOX
check "... after about the timeout (${elapsed} s, 1.5 to 15)" \
	eval 'seconds_below 15 && ! seconds_below 1.5'
fake stall-examine plain 75 "no answer to the next command is AV_ERR_TEMP" examine INBOX
expect_grep "... naming the command" "$AV_TMP/err" 'EXAMINE "INBOX": IMAP server'
check "... after about the timeout, once (no second wait for LOGOUT) (${elapsed} s)" \
	eval 'seconds_below 15 && ! seconds_below 1.5'
check "... and no LOGOUT was tried on the dead session" eval '! grep -q LOGOUT "$FAKE_LOG"'

# --- hostile replies
fake huge-literal plain 75 "a body literal announcing 4 GiB is refused" \
	examine INBOX fetch 1 1 65536 "$AV_TMP/part"
expect_grep "... before libetpan allocates it" "$AV_TMP/err" \
	"announced a literal of 4294967295 octets"
check "... at once (${elapsed} s)" seconds_below 15
fake huge-subject plain 75 "an envelope literal announcing 4 GiB is refused" \
	examine INBOX search 1 0 envelopes
expect_grep "... before libetpan allocates it" "$AV_TMP/err" \
	"announced a literal of 4294967295 octets (more than the 4194304 allowed here)"
fake eof-in-literal plain 75 "end of file inside a literal is an error, not a loop" \
	examine INBOX fetch 1 1 65536 "$AV_TMP/part"
expect_grep "... the connection was lost" "$AV_TMP/err" "connection to 127.0.0.1 lost"
check "... at once (${elapsed} s)" seconds_below 15
fake bye-mid-fetch plain 75 "BYE in the middle of a FETCH is AV_ERR_TEMP" \
	examine INBOX search 1 0 parts
fake garbage plain 75 "binary garbage is AV_ERR_TEMP" examine INBOX
expect_grep "... cannot parse" "$AV_TMP/err" "cannot parse the reply of 127.0.0.1"
fake endless plain 75 "an endless reply is cut off" examine INBOX
expect_grep "... at the per-command limit" "$AV_TMP/err" "sent more than 67108864 octets"
fake oversize-part plain 75 "more octets than <0.500> asked for is refused" \
	examine INBOX fetch 1 1 500 "$AV_TMP/part"
expect_grep "... by the literal limit" "$AV_TMP/err" "literal of 600 octets"
fake close-after-login plain 75 "a connection closed after LOGIN is AV_ERR_TEMP" examine INBOX
expect_grep "... connection lost" "$AV_TMP/err" "connection to 127.0.0.1 lost"

# --- STARTTLS attacks
fake preauth-starttls starttls 77 "PREAUTH instead of a STARTTLS chance is refused" \
	examine INBOX
expect_grep "... saying why" "$AV_TMP/err" "greeted with PREAUTH before STARTTLS"
check "... nothing was sent" eval '! grep -q "^C:" "$FAKE_LOG"'
fake starttls-inject starttls 77 "plain text injected after the STARTTLS answer is refused" \
	examine INBOX
expect_grep "... saying why" "$AV_TMP/err" "plain text came after the answer (an injection)"
check "... no TLS session was started on it" eval '! grep -q "event: TLS established" "$FAKE_LOG"'
check "... and no LOGIN was sent" eval '! grep -q "LOGIN" "$FAKE_LOG"'
fake no-starttls starttls 77 "no STARTTLS capability is refused" examine INBOX
check "... no LOGIN was sent" eval '! grep -q "LOGIN" "$FAKE_LOG"'

# --- security = plain needs a loopback peer
addr=$(ip -4 -o addr show scope global 2>/dev/null | awk '{ sub(/\/.*/, "", $4); print $4; exit }')
if [ -n "$addr" ]; then
	fake_start stall-login --bind "$addr"
	conn=(--host "$addr" --port "$FAKE_PORT" --security plain --user alice
		--password-file "$AV_TMP/pw" --timeout 2)
	expect_probe 78 "security = plain to $addr (not loopback) is AV_ERR_CONFIG" examine INBOX
	expect_grep "... saying plain is for loopback only" "$AV_TMP/err" \
		"security = plain is allowed only to a loopback address"
	check "... before any LOGIN" eval '! grep -q "LOGIN" "$FAKE_LOG"'
	fake_stop
else
	echo "note: no non-loopback IPv4 address here; the plain-to-remote test is skipped"
fi

# --- special-use only on request (RFC 6154 5.1), no UIDNEXT in EXAMINE
fake special-use-return plain 0 "\\Sent only in LIST RETURN (SPECIAL-USE) is found" \
	find sent - examine INBOX
check "... Sent Stuff" grep -qx "folder sent Sent Stuff" "$AV_TMP/out"
expect_grep "... asked for with RETURN (SPECIAL-USE)" "$AV_TMP/err" \
	'C: 3 LIST "" "*" RETURN (SPECIAL-USE)'
check "... and an EXAMINE without UIDNEXT gets it from the highest UID (7 + 1)" \
	grep -q "^examine INBOX uidvalidity 42 uidnext 8 exists 1" "$AV_TMP/out"

# --- not only Dovecot (issue 16): the special-use LIST exactly as RFC 6154 writes it; a
# refused extension command is "not available"; no APPEND into a read-only selection
fake list-return-strict plain 0 "LIST RETURN (SPECIAL-USE) is sent without a trailing space" \
	find sent - examine INBOX
check "... so a strict server answers it: Sent Stuff" grep -qx "folder sent Sent Stuff" "$AV_TMP/out"
check "... the line as the server read it" \
	grep -qxF "event: LIST RETURN line '\"\" \"*\" RETURN (SPECIAL-USE)'" "$FAKE_LOG"
for sc in list-return-bad list-return-no; do
	fake $sc plain 0 "a refused LIST RETURN (SPECIAL-USE) falls back to the common names" \
		find sent - find drafts - examine INBOX
	check "... Sent by name" grep -qx "folder sent Sent" "$AV_TMP/out"
	check "... Drafts by name" grep -qx "folder drafts Drafts" "$AV_TMP/out"
	check "... and the session goes on (EXAMINE INBOX)" grep -q "^examine INBOX uidvalidity 42" \
		"$AV_TMP/out"
done
fake list-return-bad plain 0 "... a configured name after the refusal too" \
	find sent "Sent Stuff" examine INBOX
check "... Sent Stuff" grep -qx "folder sent Sent Stuff" "$AV_TMP/out"
expect_grep "... the refusal in the debug output, with the server's own text" "$AV_TMP/err" \
	'refused it (Unexpected extra arguments to List)'

printf 'From: a@example.org\nTo: b@example.org\nSubject: t\nMessage-ID: <x@y>\n\nhi\n' \
	>"$AV_TMP/draft.eml"
fake append-readonly plain 0 "APPEND after EXAMINE Drafts: the read-only selection is left first" \
	find sent - find drafts - examine Drafts search 1 0 append Drafts "$AV_TMP/draft.eml" \
	search 1 0
check "... the APPEND went through" grep -q "^append 42 9" "$AV_TMP/out"
check "... the server never saw an APPEND into its read-only selection" \
	eval '! grep -q "refused APPEND" "$FAKE_LOG"'
check "... left by EXAMINE INBOX (no UNSELECT offered)" \
	eval 'sed -n "s/^.*\[imap\] C: [0-9]* //p" "$AV_TMP/err" | tr -d "\"" | grep -A2 -x "EXAMINE Drafts" | grep -qx "EXAMINE INBOX"'
check "... and Drafts examined again for the search after it" \
	eval 'sed -n "s/^.*\[imap\] C: [0-9]* //p" "$AV_TMP/err" | tr -d "\"" | sed -n "/^APPEND/,\$p" | grep -q "^EXAMINE Drafts"'
fake append-unselect plain 0 "... with UNSELECT where offered" \
	find drafts - examine Drafts append Drafts "$AV_TMP/draft.eml"
check "... the APPEND went through" grep -q "^append 42 9" "$AV_TMP/out"
check "... after UNSELECT" grep -qx "event: unselected" "$FAKE_LOG"
check "... and no EXAMINE INBOX" eval '! grep -q "C: [0-9]* EXAMINE \"*INBOX" "$AV_TMP/err"'

# --- the listing and STATUS pipelined (issue 12): a STATUS answer that is no answer
# leaves the folder to EXAMINE; an answer out of turn ends the session
fake status-other plain 0 "a STATUS answer for another mailbox is ignored" examine INBOX
check "... the state is EXAMINE's (UIDNEXT 2), not the other mailbox's" \
	grep -qE "^examine INBOX uidvalidity 42 uidnext 2 exists 1 " "$AV_TMP/out"
fake status-bad plain 0 "a STATUS answered BAD leaves the folder to EXAMINE" examine INBOX \
	search 1 0
check "... examined (UIDNEXT 2) and searched" \
	eval 'grep -qE "^examine INBOX uidvalidity 42 uidnext 2 " "$AV_TMP/out" && grep -qx "search 1" "$AV_TMP/out"'
check "... the session proven in step by a NOOP" grep -q "C: [0-9]* NOOP" "$FAKE_LOG"
fake status-twice plain 75 "a tagged answer out of turn in the pipelined listing is AV_ERR_TEMP" \
	examine INBOX
check "... said" grep -q "LIST and STATUS" "$AV_TMP/err"

no_forbidden_commands
finish
