# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=bash
# tests/e2e-servers-lib.sh - the end-to-end run of the try-it sample mailbox on any IMAP
# server the tests start (e2e-cyrus.sh, e2e-courier.sh; bash, source it after
# tests/e2e-imap-lib.sh and a server library). The server in use is the one the
# IMAP_HOST/IMAP_PORT/IMAP_USER/IMAP_PASSWORD_FILE variables describe.
#
#	sample_reference		sample_case on a throwaway Dovecot; its drafts (To
#					and Subject, sorted) in $AV_TMP/reference
#	sample_case LABEL SENT DRAFTS [CONF-LINES]
#					seed the sample into SENT and INBOX (SENT and
#					DRAFTS must exist), one draft of the person's own
#					in DRAFTS (\Draft \Flagged), run afterview over
#					plain IMAP; pass when the drafts are those of the
#					reference, a rerun adds none and changes nothing,
#					and nothing outside DRAFTS, nor the person's
#					draft, changed (bytes and flags, by av-dump)
#	$AV_TMP/matrix			one line per case: "LABEL: RESULT"
# shellcheck disable=SC2154,SC2016

fx=$srcdir/tests/data/invites
rd=$srcdir/tests/data/run
sample_now=2026-10-22T20:00:00Z
sample_inbox=("$fx/google-phone-screen.eml" "$fx/lever-interviewers-list.eml"
	"$fx/greenhouse-panel-itinerary.eml" "$rd/panel-quillfeather.eml" "$rd/group-lumenharbor.eml"
	"$fx/not-dentist-appointment.eml" "$fx/not-webinar-ace-your-interview.eml"
	"$fx/reschedule-1-original-seq0.eml" "$fx/reschedule-2-moved-seq1.eml")
sample_sent=("$srcdir/tests/data/sent/thanks-priya.eml" "$rd/sent-group-lumen.eml"
	"$rd/sent-late-hana.eml" "$rd/sent-accepted-marcus.eml")

# The drafts in folder $1 made by afterview (all but the person's own), as sorted
# "To | Subject" lines.
sample_drafts()
{
	python3 - "$IMAP_PORT" "$IMAP_USER" "$IMAP_PASSWORD_FILE" "$1" <<'PY'
import email, email.policy, imaplib, sys
port, user, pwfile, folder = sys.argv[1:5]
m = imaplib.IMAP4("127.0.0.1", int(port))
m.login(user, open(pwfile).read().strip())
typ, _ = m.select('"%s"' % folder, readonly=True)
assert typ == "OK", folder
typ, data = m.uid("FETCH", "1:*", "(BODY.PEEK[HEADER])")
out = []
for d in data:
    if not isinstance(d, tuple):
        continue
    h = email.message_from_bytes(d[1], policy=email.policy.default)
    if "person-own-draft" in str(h["Message-ID"]):
        continue
    out.append("%s | %s" % (h["To"], h["Subject"]))
m.logout()
print("\n".join(sorted(out)))
PY
}

# sample_conf FILE [CONF-LINES]: an afterview config for the current server, plain IMAP.
sample_conf()
{
	cat >"$1" <<CONF
[me]
name = Sam Rivera
addresses = sam.rivera@example.net, samr@example.net
skills = Go, Kubernetes and incident response
timezone = America/New_York
[account test]
host = 127.0.0.1
port = $IMAP_PORT
security = plain
user = $IMAP_USER
password_cmd = cat $IMAP_PASSWORD_FILE
timeout = 20
${2:-}
CONF
	chmod 600 "$1"
}

# sample_seed SENT DRAFTS
sample_seed()
{
	seed --date "15-Oct-2026 09:00:00 +0000" INBOX "${sample_inbox[@]}" >/dev/null &&
	seed --date "22-Oct-2026 19:00:00 +0000" "$1" "${sample_sent[@]}" >/dev/null &&
	printf '%s\r\n' "From: Sam Rivera <sam.rivera@example.net>" "To: someone@example.org" \
		"Subject: my own draft" "Message-ID: <person-own-draft@example.net>" \
		"Date: Tue, 20 Oct 2026 10:00:00 +0000" "" "Not afterview's." >"$AV_TMP/own-draft.eml" &&
	seed --date "20-Oct-2026 10:00:00 +0000" --flags '\Draft \Flagged' "$2" \
		"$AV_TMP/own-draft.eml" >/dev/null
}

sample_reference()
{
	rm -f "$AV_TMP/reference"
	dovecot_start --no-ssl >/dev/null
	sample_case "Dovecot, Sent/Drafts marked SPECIAL-USE (reference)" Sent Drafts
	dovecot_stop
}

# Print the dump of every folder but $1.
sample_outside()
{
	dump | awk -v d="$1" '/^folder /{ name = substr($0, 8); sub(/ uidvalidity [0-9]+$/, "", name); skip = (name == d) } !skip'
}

# sample_appends_ok DRAFTS: in the traces of the runs, every APPEND goes to DRAFTS and
# none while DRAFTS is the selected mailbox.
sample_appends_ok()
{
	sed -n 's/^.*\[imap\] C: [0-9]* //p' "$AV_TMP/err-both" | awk -v d="$1" '
		/^LOGOUT/ { sel = "" }
		/^(EXAMINE|SELECT) / { sel = $0; sub(/^[A-Z]+ /, "", sel); gsub(/"/, "", sel) }
		/^UNSELECT/ { sel = "" }
		/^APPEND / { n++; if (index($0, d) == 0 || sel == d) bad = 1 }
		END { exit bad || n == 0 }'
}

sample_case()
{
	local label=$1 sent=$2 drafts=$3 conf="$AV_TMP/conf-$RANDOM" fails=$AV_TEST_FAILS n how
	export XDG_STATE_HOME="$AV_TMP/state-$RANDOM"
	sample_seed "$sent" "$drafts" || { fail "$label: seeding"; return 1; }
	sample_conf "$conf" "${4:-}"
	sample_outside "$drafts" >"$AV_TMP/outside-before"
	dump --folder "$drafts" | grep -v '^folder ' >"$AV_TMP/own-before"

	run_av() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" --debug imap run --now "$sample_now"; }
	expect_exit 0 "$label: run" run_av
	cp "$AV_TMP/err" "$AV_TMP/err-1"
	sample_drafts "$drafts" >"$AV_TMP/got"
	n=$(grep -c . "$AV_TMP/got" || true)
	if [ ! -e "$AV_TMP/reference" ]; then
		cp "$AV_TMP/got" "$AV_TMP/reference"
		check "$label: drafts made ($n), the reference for the other servers" \
			test "$n" -gt 0
	else
		check "$label: the drafts of the Dovecot run, $n, same To and Subject" \
			cmp -s "$AV_TMP/reference" "$AV_TMP/got"
	fi
	check "$label: the person's own draft unchanged (bytes and flags)" \
		eval 'dump --folder "$drafts" | grep -qxF -f "$AV_TMP/own-before"'
	dump --folder "$drafts" >"$AV_TMP/drafts-1"
	expect_exit 0 "$label: rerun" run_av
	cat "$AV_TMP/err-1" "$AV_TMP/err" >"$AV_TMP/err-both"
	# AV_KEEP_TRACES=DIR keeps the -D imap traces of both runs, one file per case.
	if [ -n "${AV_KEEP_TRACES:-}" ]; then
		cp "$AV_TMP/err-both" "$AV_KEEP_TRACES/$(printf '%s' "$label" | tr -c 'A-Za-z0-9' _).trace"
	fi
	dump --folder "$drafts" >"$AV_TMP/drafts-2"
	check "$label: the rerun adds none and changes nothing in $drafts" \
		cmp -s "$AV_TMP/drafts-1" "$AV_TMP/drafts-2"
	sample_outside "$drafts" >"$AV_TMP/outside-after"
	check "$label: outside $drafts nothing changed (bytes and flags)" \
		cmp -s "$AV_TMP/outside-before" "$AV_TMP/outside-after"
	check "$label: no STORE, EXPUNGE, COPY, MOVE, SELECT, CREATE, DELETE was sent" \
		eval '! grep -E "\[imap\] C: [0-9]+ (UID )?(SELECT|STORE|EXPUNGE|COPY|MOVE|CREATE|DELETE|RENAME|CLOSE)" "$AV_TMP/err-both"'
	check "$label: APPEND only to $drafts, and never while it was examined" \
		sample_appends_ok "$drafts"
	if [ "$AV_TEST_FAILS" = "$fails" ]; then
		how=$(sed -n 's/^.*Drafts folder: "[^"]*" (\(.*\))$/\1/p' "$AV_TMP/err-1" | head -n 1)
		echo "$label: works: $n drafts (Drafts by $how), rerun adds none, nothing else changed" \
			>>"$AV_TMP/matrix"
	else
		echo "$label: FAILS" >>"$AV_TMP/matrix"
		tail -n 20 "$AV_TMP/err" | sed 's/^/    | /'
	fi
}

# sample_driver_checks LABEL DRAFTS: the driver through av-imap-probe on the current
# server, for what servers differ in: UID SEARCH HEADER with a non-ASCII value holding a
# quote (CHARSET UTF-8 and a synchronizing literal: not every server offers LITERAL+) and
# with an empty value (RFC 3501: every message that has the field; Cyrus 3.6 leaves out
# a field whose own value is empty, so the field here has one); APPEND right after
# EXAMINE of DRAFTS, and a withdrawal (SELECT read-write, UID STORE, UID EXPUNGE, then
# EXAMINE again) of what was appended.
sample_driver_checks()
{
	local label=$1 drafts=$2 uid
	conn=(--port "$IMAP_PORT" --security plain --user "$IMAP_USER"
		--password-file "$IMAP_PASSWORD_FILE" --timeout 20)
	printf '%s\r\n' "From: Ana <ana@example.org>" "To: sam.rivera@example.net" \
		"Subject: =?UTF-8?Q?Entretien_avec_Ren=C3=A9e_=22Dubois=22?=" "X-Av-Tag: t" \
		"Message-ID: <driver-check@example.net>" "" "body" >"$AV_TMP/check.eml"
	uid=$(seed --date "21-Oct-2026 10:00:00 +0000" INBOX "$AV_TMP/check.eml" | awk '{ print $2 }')
	expect_probe 0 "$label: UID SEARCH HEADER with a non-ASCII value and a quote" \
		search-header INBOX Subject 'Renée "Dubois"'
	check "... finds that message only (UID $uid)" grep -qx "search-header $uid" "$AV_TMP/out"
	expect_probe 0 "$label: UID SEARCH HEADER with an empty value" \
		search-header INBOX X-Av-Tag ""
	check "... finds the message that has the field, only it" \
		grep -qx "search-header $uid" "$AV_TMP/out"
	printf '%s\r\n' "From: Sam Rivera <sam.rivera@example.net>" "To: x@example.org" \
		"Subject: withdraw me" "Message-ID: <withdraw-me@example.net>" "X-Afterview-Id: tok-16" \
		"" "body" >"$AV_TMP/withdraw.eml"
	expect_probe 0 "$label: APPEND to $drafts right after EXAMINE of it" \
		find drafts "$drafts" examine "$drafts" append "$drafts" "$AV_TMP/withdraw.eml"
	uid=$(awk '$1 == "append" { print $3 }' "$AV_TMP/out")
	check "... the server gave its UID ($uid)" test -n "$uid"
	if [ -n "$uid" ] && [ "$uid" != 0 ]; then
		dump --folder "$drafts" >"$AV_TMP/w-before"
		expect_probe 0 "$label: the withdrawal of what was appended" \
			find drafts "$drafts" withdraw "$drafts" "$uid" tok-16
		dump --folder "$drafts" >"$AV_TMP/w-after"
		check "... removed that message, and only it" \
			eval 'grep -v "^$uid " "$AV_TMP/w-before" | cmp -s - "$AV_TMP/w-after"'
		check "... and the folder was examined again after the SELECT" \
			eval 'sed -n "s/^.*\[imap\] C: [0-9]* //p" "$AV_TMP/err" | grep -A3 "^UID EXPUNGE" | grep -q "^EXAMINE"'
	fi
}
