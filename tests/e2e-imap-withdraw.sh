#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# e2e-imap-withdraw.sh - the IMAP driver's fetch_message and withdraw (plugin/imap.c)
# against a throwaway Dovecot, through tests/tools/av-imap-probe, and against
# tests/tools/av-fakeimap.py for what Dovecot cannot do (no UIDPLUS, a UID EXPUNGE
# refused):
#
# - fetch_message returns a draft's bytes exactly as appended (CRLF), read-only (EXAMINE
#   every time, BODY.PEEK[]), refuses a message larger than max and a missing UID;
# - withdraw removes one draft of ours from Drafts, and only when its Message-ID carries
#   the token's key (".token.", as afterview writes it) or, a draft from before afterview
#   stopped writing its header, its X-Afterview-Id is exactly the token, checked on the
#   server right before: SELECT Drafts (the only SELECT
#   afterview sends), UID STORE +FLAGS.SILENT (\Deleted) and UID EXPUNGE of that one UID,
#   never a plain EXPUNGE or CLOSE, then EXAMINE again. The person's own drafts, one of
#   them flagged \Deleted by the person, stay as they were (a plain EXPUNGE would have
#   removed that one: its survival is the proof none ran); a wrong token, a draft
#   without the header, a header given twice, a UID that is gone: AV_ERR_DATA and
#   nothing changes; INBOX, Sent, a dry run, or before Drafts was found: refused before
#   anything is sent; a server without UIDPLUS: AV_ERR_CONFIG and nothing is sent;
# - INBOX and Sent never change.
#
# Run by `make check`, or by hand from the build dir: bash tests/e2e-imap-withdraw.sh
# Exit: 0 pass, 1 fail, 77 skip, 99 hard error.
# shellcheck disable=SC2016,SC2119 # eval '...' on purpose; dovecot_start, dump take options
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "${srcdir:-$here/..}/tests/e2e-imap-lib.sh"

data="$srcdir/tests/data/imap"
work=$AV_TMP
dovecot_start
echo "dovecot on port $IMAP_PORT, dir $DOVECOT_DIR"

# [MSGID=ID] draft FILE TOKEN...: a draft with one X-Afterview-Id line per TOKEN (none:
# the person's), its Message-ID <ID@example.org> (default: the file's name).
draft()
{
	local file=$1 name t
	name=$(basename "$1" .eml)
	shift
	{
		printf 'From: Alice <alice@example.org>\nTo: Priya Chen <priya.chen@lumen.example>\n'
		printf 'Subject: Thank you (%s)\nDate: Fri, 20 Mar 2026 19:00:00 +0000\n' "$name"
		printf 'Message-ID: <%s@example.org>\n' "${MSGID:-$name}"
		for t in "$@"; do printf 'X-Afterview-Id: %s\n' "$t"; done
		printf 'MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n'
		printf 'Dear Priya,\nthank you for the talk about %s.\n' "$name"
	} >"$file"
}
draft "$work/ours-a.eml" tok-aaa
draft "$work/ours-b.eml" tok-bbb
draft "$work/person.eml"
draft "$work/person-deleted.eml"
draft "$work/twice.eml" tok-ccc tok-ccc
sha() { sed 's/$/\r/' "$1" | sha256sum | cut -d' ' -f1; }
size() { sed 's/$/\r/' "$1" | wc -c; }

# The commands of the last probe run, in order, without tags.
commands() { sed -n 's/^.*\[imap\] C: [0-9][0-9]* //p' "$AV_TMP/err"; }
# count RE: how many commands of the last run match the extended regex RE.
count() { commands | grep -cE "$1" || true; }
# same_lines DESC WANT GOT: pass when the files are equal, else show the difference.
same_lines()
{
	if cmp -s "$2" "$3"; then
		pass "$1"
	else
		fail "$1"
		diff "$2" "$3" | sed 's/^/    /'
	fi
}
# One folder's lines of a dump.
folder_lines() { awk -v f="$2" '/^folder /{p=($2==f)} p' "$1"; }

# --- seed: INBOX and Sent of the person; in Drafts two drafts of ours (appended by the
# driver), the person's own draft, the person's draft flagged \Deleted (not yet
# expunged by their client), and a message naming a token twice
use plain
seed --date '16-Mar-2026 10:00:00 +0100' INBOX "$data/nested-invite.eml" >/dev/null
seed --date '01-Jan-2026 12:00:00 +0000' --flags '\Seen' INBOX "$data/plain.eml" >/dev/null
seed --date '20-Mar-2026 18:30:00 +0100' Sent "$data/sent-thanks.eml" >/dev/null
expect_probe 0 "append two drafts of ours (tokens tok-aaa, tok-bbb)" find drafts - \
	append Drafts "$work/ours-a.eml" append Drafts "$work/ours-b.eml"
check "... UIDs 1 and 2" eval '[ "$(grep -c "^append [0-9]* [12]$" "$AV_TMP/out")" = 2 ]'
seed --date '20-Mar-2026 20:00:00 +0000' --flags '\Draft' Drafts "$work/person.eml" >/dev/null
seed --date '20-Mar-2026 21:00:00 +0000' --flags '\Deleted' Drafts \
	"$work/person-deleted.eml" >/dev/null
seed --date '20-Mar-2026 22:00:00 +0000' --flags '\Draft \Seen' Drafts "$work/twice.eml" \
	>/dev/null
dump >"$work/dump0"
check "seeded: Drafts holds UIDs 1-5, UID 4 flagged \\Deleted by the person" \
	eval '[ "$(folder_lines "$work/dump0" Drafts | grep -c "^[1-5] ")" = 5 ] &&
		folder_lines "$work/dump0" Drafts | grep -q "^4 (\\\\Deleted) "'
folder_lines "$work/dump0" INBOX >"$work/inbox0"
folder_lines "$work/dump0" Sent >"$work/sent0"

# --- fetch_message
a_len=$(size "$work/ours-a.eml")
a_sha=$(sha "$work/ours-a.eml")
expect_probe 0 "fetch-message of our draft UID 1" fetch-message Drafts 1 65536
check "... gives the bytes as appended, in CRLF ($a_len octets, SHA-256 of the file in CRLF)" \
	grep -qx "fetch-message 1 $a_len $a_sha" "$AV_TMP/out"
check "... the same bytes av-dump sees" \
	eval 'folder_lines "$work/dump0" Drafts | grep -q "^1 .* $a_sha\$"'
expect_grep "... with BODY.PEEK[]<0.max+1>, RFC822.SIZE and the flags" "$AV_TMP/err" \
	"UID FETCH 1 (UID RFC822.SIZE BODY.PEEK[]<0.65537> FLAGS)"
check "... after an EXAMINE of Drafts (read-only)" \
	eval 'commands | grep -B1 "^UID FETCH 1 " | head -n1 | grep -q "^EXAMINE Drafts"'
expect_probe 0 "fetch-message with max = the exact size" fetch-message Drafts 1 "$a_len"
check "... is enough" grep -qx "fetch-message 1 $a_len $a_sha" "$AV_TMP/out"
expect_probe 65 "fetch-message with max one octet short is AV_ERR_DATA" fetch-message Drafts 1 \
	"$((a_len - 1))"
expect_grep "... saying the message is too large" "$AV_TMP/err" \
	"UID 1 in \"Drafts\": the message is larger than the $((a_len - 1)) octets allowed"
expect_probe 65 "fetch-message of a UID that does not exist is AV_ERR_DATA" fetch-message \
	Drafts 99 65536
expect_grep "... saying so" "$AV_TMP/err" 'UID 99: not in "Drafts"'
inbox1_sha=$(folder_lines "$work/dump0" INBOX | awk '$1 == 1 { print $NF }')
expect_probe 0 "fetch-message re-examines: Drafts, then INBOX, then Drafts again" \
	examine Sent fetch-message Drafts 2 65536 fetch-message INBOX 1 65536 \
	fetch-message Drafts 2 65536
# (examine Sent is answered by the STATUS sent with the listing: Sent is never opened)
check "... each fetch after its own EXAMINE" \
	eval '[ "$(commands | grep -E "^(EXAMINE|UID FETCH)" | cut -d" " -f1-3 | tr "\n" ,)" = \
		"EXAMINE Drafts (CONDSTORE),UID FETCH 2,EXAMINE INBOX (CONDSTORE),UID FETCH 1,EXAMINE Drafts (CONDSTORE),UID FETCH 2," ]'
check "... the INBOX message whole, as av-dump sees it" \
	grep -qE "^fetch-message 1 [0-9]+ $inbox1_sha\$" "$AV_TMP/out"
check "... the second draft of ours, twice the same" \
	eval '[ "$(grep -c "^fetch-message 2 $(size "$work/ours-b.eml") $(sha "$work/ours-b.eml")\$" "$AV_TMP/out")" = 2 ]'
dump >"$work/dump1"
check "fetch_message changed nothing (no \\Seen on INBOX UID 1's neighbour, nothing else)" \
	cmp -s "$work/dump0" "$work/dump1"

# --- withdraw: refused before anything is sent
no_writes()
{
	check "... and nothing was selected, fetched, flagged or expunged" \
		eval '[ "$(count "^(SELECT|UID FETCH|UID STORE|UID EXPUNGE|EXPUNGE|CLOSE)")" = 0 ]'
}
expect_probe 70 "withdraw before the Drafts folder was found is refused" withdraw Drafts 1 tok-aaa
expect_grep "... saying so" "$AV_TMP/err" 'withdrawal from "Drafts" refused: it is not the Drafts folder (none found yet)'
no_writes
expect_probe 70 "--dry-run refuses withdraw" --dry-run find drafts - withdraw Drafts 1 tok-aaa
expect_grep "... saying so" "$AV_TMP/err" "dry run: withdrawal of UID 1 refused"
no_writes
expect_probe 70 "withdraw from INBOX is refused" find drafts - withdraw INBOX 1 tok-aaa
expect_grep "... saying it is not the Drafts folder" "$AV_TMP/err" \
	'withdrawal from "INBOX" refused: it is not the Drafts folder'
no_writes
expect_probe 70 "withdraw from Sent is refused" find drafts - withdraw Sent 1 tok-aaa
no_writes

# --- withdraw: not ours, or gone: checked on the server, AV_ERR_DATA, nothing changes
# not_ours UID TOKEN DESC
not_ours()
{
	expect_probe 65 "withdraw of $3 is AV_ERR_DATA" find drafts - withdraw Drafts "$1" "$2"
	expect_grep "... saying it is not afterview's draft" "$AV_TMP/err" \
		"UID $1 in \"Drafts\" is not afterview's draft $2"
	commands | grep -vE "^(CAPABILITY|LIST|LOGOUT)" >"$work/cmds"
	printf '%s\n' "SELECT Drafts" \
		"UID FETCH $1 (UID BODY.PEEK[HEADER.FIELDS (Message-ID X-Afterview-Id)])" \
		"EXAMINE Drafts (CONDSTORE)" >"$work/cmds.want"
	same_lines "... SELECT Drafts, the header check, no STORE or EXPUNGE, EXAMINE after" \
		"$work/cmds.want" "$work/cmds"
}
not_ours 1 tok-bbb "our UID 1 with the token of UID 2"
not_ours 2 tok-bb "UID 2 with a prefix of its token"
not_ours 2 tok-bbb-x "UID 2 with its token plus more"
not_ours 2 TOK-BBB "UID 2 with its token in upper case"
not_ours 3 tok-aaa "the person's draft (no X-Afterview-Id)"
not_ours 4 tok-aaa "the person's draft flagged \\Deleted (no X-Afterview-Id)"
not_ours 5 tok-ccc "a message naming the token twice"
expect_probe 65 "withdraw of a UID that does not exist is AV_ERR_DATA" find drafts - \
	withdraw Drafts 99 tok-aaa
expect_grep "... saying it is gone" "$AV_TMP/err" 'UID 99: not in "Drafts" (gone already?)'
check "... no STORE or EXPUNGE" eval '[ "$(count "^(UID )?(STORE|EXPUNGE)")" = 0 ]'
dump >"$work/dump2"
check "after every refusal the account is as before" cmp -s "$work/dump0" "$work/dump2"

# --- withdraw our UID 1
log_mark
expect_probe 0 "withdraw our draft UID 1 (tok-aaa), then read on in the same session" \
	find drafts - withdraw Drafts 1 tok-aaa search-header Drafts X-Afterview-Id tok-aaa \
	fetch-message Drafts 2 65536
echo "    withdraw: ${elapsed} s for the whole probe run (connect, login, find, withdraw, reads)"
check "... says so" grep -qx "withdraw 1" "$AV_TMP/out"
log_wait_disconnect
check "... Dovecot counted one message deleted and expunged in that session" \
	eval 'log_since_mark | grep -q "Disconnected: Logged out .* deleted=1 expunged=1 "'
check "... SEARCH HEADER then finds no tok-aaa" grep -qx "search-header" "$AV_TMP/out"
check "... and our other draft still reads the same" \
	grep -qx "fetch-message 2 $(size "$work/ours-b.eml") $(sha "$work/ours-b.eml")" "$AV_TMP/out"
commands >"$work/withdraw-commands"
sed -n '/^SELECT/,/^EXAMINE/p' "$work/withdraw-commands" >"$work/withdraw-core"
cat >"$work/withdraw-core.want" <<'EOF'
SELECT Drafts
UID FETCH 1 (UID BODY.PEEK[HEADER.FIELDS (Message-ID X-Afterview-Id)])
UID STORE 1 +FLAGS.SILENT (\Deleted)
UID EXPUNGE 1
EXAMINE Drafts (CONDSTORE)
EOF
same_lines "... the trace: SELECT Drafts, the header check, UID STORE, UID EXPUNGE of UID 1, EXAMINE" \
	"$work/withdraw-core.want" "$work/withdraw-core"
check "... exactly one SELECT (Drafts), one UID STORE, one UID EXPUNGE in the run" \
	eval '[ "$(count "^SELECT ")" = 1 ] && [ "$(count "^SELECT Drafts$")" = 1 ] &&
		[ "$(count "^(UID )?STORE")" = 1 ] && [ "$(count "^(UID )?EXPUNGE")" = 1 ]'
check "... no plain EXPUNGE, no CLOSE, no UNSELECT needed" \
	eval '[ "$(count "^(EXPUNGE|CLOSE)")" = 0 ]'
check "... the EXAMINE comes right after the UID EXPUNGE" \
	eval 'grep -A1 "^UID EXPUNGE" "$work/withdraw-commands" | tail -n1 | grep -q "^EXAMINE Drafts"'
expect_grep "... and the driver says why it selects" "$AV_TMP/err" \
	'SELECT "Drafts" read-write, to withdraw UID 1'
dump >"$work/dump3"
if diff "$work/dump0" "$work/dump3" >"$work/diff3"; then
	fail "... UID 1 is still there"
else
	pass "... the dump changed"
fi
check "... by exactly one line: Drafts UID 1, ours, gone" \
	eval '[ "$(grep -c "^[<>]" "$work/diff3")" = 1 ] &&
		grep -qE "^< 1 \(.*\) [0-9]+ $a_sha\$" "$work/diff3"'
check "... the person's \\Deleted draft is still there, still \\Deleted (no plain EXPUNGE ran)" \
	eval 'folder_lines "$work/dump3" Drafts | grep -q "^4 (\\\\Deleted) "'
check "... our UID 2 and the person's UIDs 3 and 5 as they were, flags included" \
	eval '[ "$(folder_lines "$work/dump0" Drafts | grep -E "^[235] ")" = \
		"$(folder_lines "$work/dump3" Drafts | grep -E "^[235] ")" ]'
check "... INBOX and Sent unchanged" \
	eval 'folder_lines "$work/dump3" INBOX | cmp -s - "$work/inbox0" &&
		folder_lines "$work/dump3" Sent | cmp -s - "$work/sent0"'
expect_probe 65 "withdraw UID 1 again: it is gone, AV_ERR_DATA" find drafts - withdraw Drafts 1 \
	tok-aaa
expect_grep "... saying so" "$AV_TMP/err" 'UID 1: not in "Drafts" (gone already?)'
expect_probe 65 "fetch-message of the withdrawn UID 1 is AV_ERR_DATA" fetch-message Drafts 1 65536
dump >"$work/dump4"
check "... and nothing else changed since" cmp -s "$work/dump3" "$work/dump4"

# --- over every run against Dovecot: the writing commands, precisely
all="$AV_TMP/all-err"
sent() { sed -n 's/^.*\[imap\] C: [0-9][0-9]* //p' "$all"; }
check "Dovecot's log: one message expunged over the whole script, by every client (seed and dump too)" \
	eval '[ "$(grep -o " expunged=[0-9]*" "$DOVECOT_LOG" | awk -F= "{ s += \$2 } END { print s + 0 }")" = 1 ]'
check "Dovecot runs: every SELECT was of Drafts" \
	eval '! sent | grep -E "^SELECT " | grep -vqx "SELECT Drafts"'
check "Dovecot runs: one UID STORE in all, +FLAGS.SILENT (\\Deleted) on UID 1" \
	eval '[ "$(sent | grep -E "^(UID )?STORE")" = "UID STORE 1 +FLAGS.SILENT (\\Deleted)" ]'
check "Dovecot runs: one UID EXPUNGE in all, of UID 1; never a plain EXPUNGE or CLOSE" \
	eval '[ "$(sent | grep -E "^(UID )?EXPUNGE|^CLOSE")" = "UID EXPUNGE 1" ]'
check "Dovecot runs: nothing else that writes (COPY, MOVE, CREATE, DELETE, ...)" \
	eval '! sent | grep -qE "^(UID )?(COPY|MOVE|CREATE|DELETE|RENAME|SUBSCRIBE|UNSUBSCRIBE|SETMETADATA|UNSELECT)"'
check "Dovecot runs: every body fetched with BODY.PEEK" \
	eval '! sent | grep -E "FETCH.*(BODY|BINARY)\[" | grep -q .'
check "Dovecot runs: APPEND only to Drafts" \
	eval '! sent | grep -E "^APPEND" | grep -vq "^APPEND Drafts"'

# --- a draft as afterview writes them now: its token only inside its Message-ID
MSGID=20260320190000.tok-ddd.0123456789abcdef draft "$work/ours-c.eml"
{
	printf 'From: Alice <alice@example.org>\nTo: "Priya Chen" <priya.chen@lumen.example>\n'
	printf 'Subject: =?UTF-8?Q?Danke_sch=C3=B6n_=E2=80=94_Lumen?=\n'
	printf 'Date: Fri, 20 Mar 2026 19:00:00 +0000\nMessage-ID: <d-edited@example.org>\n'
	printf 'MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nDanke!\n'
} >"$work/copy-d.eml"
expect_probe 0 "append a draft whose token is only in its Message-ID, and a person's copy" \
	find drafts - append Drafts "$work/ours-c.eml" append Drafts "$work/copy-d.eml"
c_uid=$(sed -n 's/^append [0-9]* //p' "$AV_TMP/out" | head -n1)
d_uid=$(sed -n 's/^append [0-9]* //p' "$AV_TMP/out" | tail -n1)
expect_probe 0 "search-any Message-ID .tok-ddd. or X-Afterview-Id tok-ddd" \
	search-any Drafts Message-ID .tok-ddd. X-Afterview-Id tok-ddd
check "... finds the draft by the key in its Message-ID (UID $c_uid), one OR'ed command" \
	eval 'grep -qx "search-any $c_uid" "$AV_TMP/out" && [ "$(count "^UID SEARCH")" = 1 ] &&
		[ "$(count "^UID SEARCH OR HEADER Message-ID \".tok-ddd.\" HEADER X-Afterview-Id tok-ddd\$")" = 1 ]'
expect_probe 0 "search-any for tok-aaa (withdrawn) and tok-bbb (legacy header)" \
	search-any Drafts Message-ID .tok-aaa. X-Afterview-Id tok-aaa \
	search-any Drafts Message-ID .tok-bbb. X-Afterview-Id tok-bbb
check "... none for the one withdrawn, UID 2 for the draft with the old header" \
	eval '[ "$(grep "^search-any" "$AV_TMP/out" | tr "\n" ,)" = "search-any,search-any 2," ]'
expect_probe 0 "search-all Subject (UTF-8, encoded-words in the message) and To" \
	search-all Drafts Subject "Danke schön — Lumen" To priya.chen@lumen.example \
	search-all Drafts Subject "Danke schön — Lumen" To nobody@lumen.example
check "... finds the person's copy (UID $d_uid) only when both match; CHARSET UTF-8 sent" \
	eval '[ "$(grep "^search-all" "$AV_TMP/out" | tr "\n" ,)" = "search-all $d_uid,search-all," ] &&
		[ "$(count "^UID SEARCH CHARSET UTF-8 ")" = 2 ]'
expect_probe 65 "withdraw of UID $c_uid with a prefix of its token is AV_ERR_DATA" \
	find drafts - withdraw Drafts "$c_uid" tok-dd
expect_probe 65 "withdraw of the person's copy (no key in its Message-ID) is AV_ERR_DATA" \
	find drafts - withdraw Drafts "$d_uid" tok-ddd
expect_probe 0 "withdraw of UID $c_uid with its token: the Message-ID says it is ours" \
	find drafts - withdraw Drafts "$c_uid" tok-ddd
check "... says so" grep -qx "withdraw $c_uid" "$AV_TMP/out"
dump >"$work/dump5"
check "... the person's copy is still there" \
	eval 'folder_lines "$work/dump5" Drafts | grep -q "^$d_uid "'
check "... and INBOX and Sent are unchanged" \
	eval 'folder_lines "$work/dump5" INBOX | cmp -s - "$work/inbox0" &&
		folder_lines "$work/dump5" Sent | cmp -s - "$work/sent0"'

# --- servers the Dovecot here cannot play
command -v python3 >/dev/null || {
	echo "note: python3 not installed: the fake-server cases are skipped"
	finish
	exit $?
}
printf 'fake-password-1234\n' >"$AV_TMP/pw"
fake_conn() { conn=(--port "$FAKE_PORT" --security plain --user alice --password-file "$AV_TMP/pw" --timeout 5); }

fake_start no-uidplus
fake_conn
expect_probe 78 "no UIDPLUS: withdraw is AV_ERR_CONFIG" find drafts - withdraw Drafts 1 tok-aaa
fake_stop
expect_grep "... saying why" "$AV_TMP/err" \
	"server lacks UIDPLUS: afterview never removes anything without it"
check "... and the server got no SELECT, FETCH, STORE or EXPUNGE" \
	eval '! grep -qE "^C: [^ ]+ (SELECT|UID|STORE|EXPUNGE|CLOSE)" "$FAKE_LOG"'

fake_start expunge-no
fake_conn
expect_probe 75 "UID EXPUNGE refused (NO): AV_ERR_TEMP" find drafts - withdraw Drafts 7 tok-fake
fake_stop
expect_grep "... saying so" "$AV_TMP/err" 'UID EXPUNGE 7 in "Drafts"'
sed -n 's/^C: [^ ]* //p' "$FAKE_LOG" | grep -vE "^(LOGIN|CAPABILITY|LIST|LOGOUT)" \
	>"$work/fake-commands"
cat >"$work/fake-commands.want" <<'EOF'
SELECT Drafts
UID FETCH 7 (UID BODY.PEEK[HEADER.FIELDS (Message-ID X-Afterview-Id)])
UID STORE 7 +FLAGS.SILENT (\Deleted)
UID EXPUNGE 7
UID STORE 7 -FLAGS.SILENT (\Deleted)
EXAMINE Drafts
EOF
same_lines "... a folded X-Afterview-Id was taken as the token; \\Deleted taken back off; EXAMINE after" \
	"$work/fake-commands.want" "$work/fake-commands"

finish
