#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Issue 14, against a real Dovecot: one hostile invite cannot flood Drafts. A message with
# 200 calendar parts gives at most AV_INVITE_MAX_EVENTS (20) events, so at most 20 drafts;
# an "interview" with 5,000 attendees and one with 30 make no draft, the second listed as
# a maybe ("31 attendees: a fair or a webinar?"); the warning about the attendees beyond
# 200 is given once, when the invite is first read, not by later runs or status; a fold
# inside a multi-byte character ("Ren" 0xC3 CRLF SP 0xA9 "e") reaches the draft whole.
# shellcheck disable=SC2016
. "${srcdir:-$(dirname "$0")/..}/tests/e2e-imap-lib.sh"
fx=$srcdir/tests/data/invites
dovecot_start >/dev/null
export XDG_STATE_HOME=$AV_TMP/state
conf=$AV_TMP/conf
cat >"$conf" <<CONF
[me]
name = Sam Rivera
addresses = sam.rivera@example.net, samr@example.net
timezone = America/New_York
$(dovecot_account test)
timeout = 10
CONF
chmod 600 "$conf"
now=2026-10-29T18:00:00Z
drafts_dir=$DOVECOT_DIR/mail/$IMAP_USER/.Drafts
n_drafts() { find "$drafts_dir/cur" "$drafts_dir/new" -type f 2>/dev/null | wc -l; }
run() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" -D imap run --now "$now" "$@" 2>>"$AV_TMP/all-err"; }

# one VEVENT: an interview at Quill Labs on 29 Oct 14:00Z, with n attendees besides Sam
python3 - "$AV_TMP" <<'PY'
import sys
d = sys.argv[1]
def vevent(uid, n, summary="Technical interview with Quill Labs"):
    lines = ["BEGIN:VEVENT", "UID:%s" % uid, "SEQUENCE:0", "DTSTAMP:20261020T090000Z",
             "DTSTART:20261029T140000Z", "DTEND:20261029T150000Z", "SUMMARY:" + summary,
             "ORGANIZER;CN=Quill Recruiting:mailto:recruiting@quill.example",
             "ATTENDEE;CN=Sam Rivera:mailto:sam.rivera@example.net"]
    lines += ["ATTENDEE;CN=Person%d Lastname:mailto:p%d@quill.example" % (i, i) for i in range(n)]
    return lines + ["END:VEVENT"]
def cal(events):
    return "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//EN", "METHOD:REQUEST"]
                       + sum(events, []) + ["END:VCALENDAR", ""])
def head(mid, subject, ct):
    return ("From: Quill Recruiting <recruiting@quill.example>\r\nTo: sam.rivera@example.net\r\n"
            "Date: Tue, 20 Oct 2026 09:00:00 +0000\r\nMessage-ID: <%s@quill.example>\r\n"
            "Subject: %s\r\nMIME-Version: 1.0\r\nContent-Type: %s\r\n\r\n" % (mid, subject, ct))
# 200 calendar parts, one interview each, one interviewer each
body = "".join("--b\r\nContent-Type: text/calendar; charset=UTF-8; method=REQUEST\r\n\r\n%s"
               % cal([vevent("flood-%03d@quill.example" % i, 1)]) for i in range(200))
open(d + "/flood.eml", "w", newline="").write(
    head("flood", "Invitation: Technical interview", 'multipart/mixed; boundary="b"')
    + body + "--b--\r\n")
for name, n in (("crowd-5000", 5000), ("crowd-30", 30)):
    open(d + "/%s.eml" % name, "w", newline="").write(
        head(name, "Invitation: Technical interview",
             "text/calendar; charset=UTF-8; method=REQUEST")
        + cal([vevent("%s@quill.example" % name, n)]))
PY

seed --date "20-Oct-2026 09:00:00 +0000" INBOX "$AV_TMP/flood.eml" "$AV_TMP/crowd-5000.eml" \
	"$AV_TMP/crowd-30.eml" "$fx/fold-inside-character.eml" >/dev/null
c30=$(av -c "$conf" scan --json "$AV_TMP/crowd-30.eml" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["interviews"][0]["id"])')

: >"$AV_TMP/all-err"
expect_exit 0 "the first run" run
cp "$AV_TMP/out" "$AV_TMP/first-run"
drafts=$(n_drafts)
check "200 calendar parts in one message: at most 20 drafts from it (+2 for the folded fixture)" \
	test "$drafts" -le 22 -a "$drafts" -ge 3
check "... 20 of them from the flood" test "$(grep -c "A thank-you draft to Person0 Lastname" "$AV_TMP/first-run")" = 20
check "the crowds make no draft" eval '! grep -q "Person[1-9]" "$AV_TMP/first-run"'
expect_grep "the 30-attendee interview is listed as a maybe" "$AV_TMP/first-run" "maybe an interview: $c30"
check "the attendees beyond 200 are warned of once, at the first reading" \
	test "$(grep -c "5001 attendees, only the first 200 kept" "$AV_TMP/all-err")" = 1
check "the flood's events beyond 20 are warned of once, at the first reading" \
	test "$(grep -c "UID [0-9]*: more than 20 events in the message's calendar parts together: only the first 20 read" "$AV_TMP/all-err")" = 1
expect_grep "the folded name reaches the draft whole" "$AV_TMP/first-run" \
	"A thank-you draft to Renée Dubois (Quill Labs)"
check "... its To header and greeting too" eval \
	'grep -rlq "^To: Ren=?UTF-8?\|^To: =?UTF-8?.*<renee.dubois@quill.example>" "$drafts_dir" && grep -rq "Renée" "$drafts_dir"'
check "no U+FFFD in any draft" eval '! grep -rq $'"'"'\xef\xbf\xbd'"'"' "$drafts_dir"'

: >"$AV_TMP/all-err"
expect_exit 0 "a second run" run
check "... makes no more drafts" test "$(n_drafts)" = "$drafts"
check "... and does not warn again" eval '! grep -q "only the first 200 kept\|only the first 20 read" "$AV_TMP/all-err" "$AV_TMP/out"'
expect_exit 0 "status" av -c "$conf" status --now "$now"
check "status does not warn of the attendees" eval '! grep -q "only the first 200 kept" "$AV_TMP/err" "$AV_TMP/out"'
expect_grep "status lists the 30-attendee interview as a maybe" "$AV_TMP/out" "maybe an interview: $c30"
expect_exit 0 "explain" av -c "$conf" explain "$c30"
expect_grep "explain gives the reason" "$AV_TMP/out" "31 attendees: a fair or a webinar?"
expect_no_grep "... and no warning" "$AV_TMP/err" "only the first 200 kept"

no_forbidden_commands
finish
