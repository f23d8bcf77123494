#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# afterview's drafts in a real Claws Mail 4.1, driven headless under Xvfb the way a person
# would, against a throwaway Dovecot: afterview puts two drafts for a panel into Drafts;
# and three without an address (To: "Name [address missing]":;, an empty group) into
# Drafts; Claws lists them, each with whose it is; a draft is re-edited in Claws'
# composer, typed into and saved (Claws stores the edit as a new message, keeps
# afterview's Message-ID, sets neither \Draft nor \Seen); afterview then reports that
# draft "edited" (never "removed"), makes no new one and leaves the edited message byte
# for byte; outside Drafts afterview changes nothing. Send on a draft without an address
# never reaches a made-up address: Claws gives SMTP the recipient "<:;>", which the
# capture server refuses like a real one; the person saves the draft again and afterview
# calls it edited.
#
# Needs claws-mail, Xvfb and xdotool (skips with 77 without them); uses ImageMagick's
# `import` for screenshots and dbus-run-session when present. Each run has its own
# display (Xvfb -displayfd), HOME, XDG_RUNTIME_DIR, Dovecot and SMTP port. Screenshots
# are kept in the test's temp dir and copied to $AV_SCREENSHOTS when it is set; on a
# failure they are kept, with Claws' output and log, in a directory the test names.
. "${srcdir:-$(dirname "$0")/..}/tests/e2e-imap-lib.sh"
for t in claws-mail Xvfb xdotool; do
	if ! command -v "$t" >/dev/null 2>&1; then
		echo "SKIP: $t not installed (contrib/install-deps.sh installs claws-mail, xvfb, xdotool)"
		exit 77
	fi
done
rd=$srcdir/tests/data/run
shots=$AV_TMP/shots
mkdir -p "$shots"
export XDG_STATE_HOME=$AV_TMP/state
conf=$AV_TMP/conf
now=2026-10-22T20:00:00Z
ch=$AV_TMP/claws # Claws' HOME
drafts_id='#imap/afterview-test/Drafts'

# ---- the processes this test starts, and their stopping on every path --------------
XVFB_PID= DBUS_PID= CLAWS_PID= SINK_PID= DISP= claws_exit=
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }
# wait_gone PID TENTHS: true once PID has exited (within TENTHS tenths of a second)
wait_gone() {
	local i
	for i in $(seq 1 "$2"); do
		alive "$1" || return 0
		sleep 0.1
	done
	! alive "$1"
}
# claws ARGS...: a command to the running Claws (it finds it through the socket in
# $XDG_RUNTIME_DIR); bounded, since without a running instance it would start one
claws() { timeout 20 env HOME="$ch" XDG_RUNTIME_DIR="$ch/run" DISPLAY="$DISP" LANG=C.UTF-8 claws-mail "$@"; }
xdo() { timeout 15 env DISPLAY="$DISP" xdotool "$@"; }
shot_n=0
# shot NAME: a screenshot of the whole display into $shots/NN-NAME.png
shot() {
	shot_n=$((shot_n + 1))
	last_shot=$shots/$(printf '%02d' "$shot_n")-$1.png
	if command -v import >/dev/null 2>&1; then
		timeout 15 env DISPLAY="$DISP" import -window root "$last_shot" 2>/dev/null || true
	fi
}
claws_stop() {
	if alive "$CLAWS_PID"; then
		claws --exit >/dev/null 2>&1 || true
		claws_exit=clean
		# a modal dialog (an SMTP error) makes Claws ignore --exit and SIGTERM
		wait_gone "$CLAWS_PID" 50 || { claws_exit=TERM; kill -TERM "$CLAWS_PID" 2>/dev/null; } || true
		wait_gone "$CLAWS_PID" 30 || { claws_exit=KILL; kill -KILL "$CLAWS_PID" 2>/dev/null; } || true
		wait_gone "$CLAWS_PID" 30 || true
	fi
	if alive "$DBUS_PID"; then
		# dbus-run-session stops its bus once Claws is gone; killing it instead would
		# orphan the bus, so stop the bus it started
		wait_gone "$DBUS_PID" 30 || kill -TERM $(pgrep -P "$DBUS_PID" 2>/dev/null) 2>/dev/null || true
		wait_gone "$DBUS_PID" 30 || kill -KILL "$DBUS_PID" 2>/dev/null || true
	fi
	[ -z "$DBUS_PID" ] || wait "$DBUS_PID" 2>/dev/null || true
	CLAWS_PID= DBUS_PID=
}
stop_all() {
	claws_stop
	if alive "$XVFB_PID"; then
		kill -TERM "$XVFB_PID" 2>/dev/null || true
		wait_gone "$XVFB_PID" 30 || kill -KILL "$XVFB_PID" 2>/dev/null || true
	fi
	[ -z "$XVFB_PID" ] || wait "$XVFB_PID" 2>/dev/null || true
	if alive "$SINK_PID"; then
		kill "$SINK_PID" 2>/dev/null || true
		wait "$SINK_PID" 2>/dev/null || true
	fi
	XVFB_PID= SINK_PID=
}
keep_evidence() {
	local d
	if [ -n "${AV_SCREENSHOTS:-}" ]; then
		mkdir -p "$AV_SCREENSHOTS" && cp "$shots"/*.png "$AV_SCREENSHOTS"/ 2>/dev/null || true
	fi
	if [ "$AV_TEST_FAILS" != 0 ]; then
		d=$(mktemp -d "${TMPDIR:-/tmp}/av-client-claws.XXXXXX")
		cp -r "$shots" "$d"/ 2>/dev/null || true
		cp "$AV_TMP"/claws.out "$AV_TMP"/smtp.log "$ch/.claws-mail/claws.log" "$d"/ 2>/dev/null || true
		echo "--- kept for the failure: $d (screenshots, Claws' stderr claws.out, claws.log, smtp.log)"
		echo "--- Claws' stderr (last 20 lines)"
		tail -n 20 "$AV_TMP/claws.out" 2>/dev/null || true
	fi
}
dovecot_on_exit stop_all
dovecot_on_exit keep_evidence

# die DESC: a step the rest depends on failed; the traps stop everything
die() {
	fail "$1${last_shot:+ (last screenshot: $(basename "$last_shot"))}"
	finish || true
	exit 1
}
# poll TENTHS CMD...: true once CMD succeeds (within TENTHS tenths of a second)
poll() {
	local n=$1 i
	shift
	for i in $(seq 1 "$n"); do
		"$@" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
# window TITLE-REGEX: the id of the first visible window whose title matches
window() { xdo search --onlyvisible --name "$1" 2>/dev/null | head -1; }
has_window() { [ -n "$(window "$1")" ]; }

# ---- afterview's drafts: a panel with addresses, one without ----------------------------
dovecot_start >/dev/null
cat >"$conf" <<CONF
[me]
name = Sam Rivera
addresses = sam.rivera@example.net
timezone = America/New_York
$(dovecot_account test)
CONF
chmod 600 "$conf"
run() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" run --now "$now"; }
status() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" status --now "$now"; }
status_json() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" status --json --now "$now" >"$AV_TMP/status.json"; }
outside() { dump | awk '/^folder /{skip = ($2 == "Drafts")} !skip'; }
drafts() { dump --folder Drafts | grep -v '^folder'; }
# the interviewer NAME's FIELD in status.json ("draft.uid" for a nested one)
field() { python3 -c 'import json,sys
for i in json.load(open(sys.argv[1]))["interviews"]:
    for v in i["interviewers"]:
        if v["name"] == sys.argv[2]:
            x = v
            for k in sys.argv[3].split("."): x = x[k] if x is not None else None
            print("null" if x is None else x)' "$AV_TMP/status.json" "$1" "$2"; }
# imap SCRIPT ARGS...: python with `imap` logged in to the Dovecot (Drafts EXAMINEd)
imap() {
	local s=$1
	shift
	python3 - "$IMAP_PORT" "$IMAP_USER" "$IMAP_PASSWORD_FILE" "$@" <<PY
import email, email.policy, imaplib, re, sys
imap = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
imap.login(sys.argv[2], open(sys.argv[3]).read().strip())
args = sys.argv[4:]
def drafts():
    """[(uid, flags, raw)] of every message in Drafts, read-only"""
    imap.select("Drafts", readonly=True)
    typ, data = imap.uid("FETCH", "1:*", "(UID FLAGS BODY.PEEK[])")
    out = []
    for d in data:
        if isinstance(d, tuple):
            uid = int(re.search(rb"UID (\d+)", d[0]).group(1))
            flags = re.search(rb"FLAGS \(([^)]*)\)", d[0]).group(1).decode().split()
            out.append((uid, flags, d[1]))
    return out
$s
imap.logout()
PY
}

seed --date "15-Oct-2026 09:00:00 +0000" INBOX "$rd/panel-quillfeather.eml" \
	"$srcdir/tests/data/invites/greenhouse-panel-itinerary.eml" >/dev/null
outside >"$AV_TMP/before"
expect_exit 0 "afterview run puts the panels' drafts into Drafts" run
check "five drafts: Renée Dubois, Marcus Lee and three for Halcyon without an address" \
	test "$(drafts | wc -l)" = 5
outside >"$AV_TMP/after"
check "outside Drafts the run changed nothing" cmp -s "$AV_TMP/before" "$AV_TMP/after"
status_json
marcus_uid=$(field 'Marcus Lee' draft.uid)
marcus_mid=$(field 'Marcus Lee' draft.message_id)
renee_uid=$(field 'Renée Dubois' draft.uid)
check "Marcus's draft is afterview's (state drafted, a UID)" eval '[ "$(field "Marcus Lee" state)" = drafted ] && [ "$marcus_uid" -gt 0 ]'

# the interviewers without an address, and one of them whose draft Claws will Send
python3 -c 'import json,sys
for i in json.load(open(sys.argv[1]))["interviews"]:
    for v in i["interviewers"]:
        if v["email"] is None and v["draft"]: print(v["name"])' "$AV_TMP/status.json" >"$AV_TMP/noaddr"
check "three drafted interviewers have no address" test "$(wc -l <"$AV_TMP/noaddr")" = 3
jane='Jane Okafor'
jane_uid=$(field "$jane" draft.uid)
jane_mid=$(field "$jane" draft.message_id)
if imap '
imap.select("Drafts", readonly=True)
typ, data = imap.uid("FETCH", args[0], "(BODY.PEEK[HEADER.FIELDS (TO)])")
to = data[0][1].decode().strip()
assert to == "To: \"%s [address missing]\":;" % args[1], to
' "$jane_uid" "$jane" >"$AV_TMP/jane-to.txt" 2>&1; then
	pass "Jane Okafor's draft is addressed to the empty group \"Jane Okafor [address missing]\":;"
else
	fail "Jane Okafor's draft's To"
	sed 's/^/    | /' "$AV_TMP/jane-to.txt"
fi

# ---- Claws under Xvfb -----------------------------------------------------------------
# the capture SMTP server, so that no Send can reach anything real
python3 "$srcdir/tests/tools/av-smtp-sink.py" --port-file "$AV_TMP/smtp.port" \
	--log "$AV_TMP/smtp.log" >"$AV_TMP/smtp.out" 2>&1 &
SINK_PID=$!
poll 100 test -s "$AV_TMP/smtp.port" || die "the capture SMTP server did not start"
: >>"$AV_TMP/smtp.log"
bash "$srcdir/tests/tools/claws-home.sh" "$ch" "$IMAP_PORT" "$IMAP_USER" "$IMAP_PASSWORD_FILE" \
	"$(cat "$AV_TMP/smtp.port")"
# Re-edit has no shortcut in Claws' default keymap; like a person who often re-edits
# drafts, give it one (Claws reads its menurc at startup), so that the test needs no
# guess where a row of the message list is drawn
echo '(gtk_accel_path "<Actions>/Menu/Message/Reedit" "<Primary><Alt>e")' >>"$ch/.claws-mail/menurc"

# Xvfb picks a free display itself and writes its number to fd 3 once it accepts
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$AV_TMP/display" >"$AV_TMP/xvfb.out" 2>&1 &
XVFB_PID=$!
poll 200 grep -q '[0-9]' "$AV_TMP/display" || die "Xvfb did not start: $(cat "$AV_TMP/xvfb.out")"
DISP=:$(tr -dc 0-9 <"$AV_TMP/display")

dbus=
command -v dbus-run-session >/dev/null 2>&1 && dbus="dbus-run-session --"
# NO_AT_BRIDGE: no accessibility bus processes that would outlive the test
# shellcheck disable=SC2086
env HOME="$ch" XDG_RUNTIME_DIR="$ch/run" XDG_CONFIG_HOME="$ch/.config" XDG_CACHE_HOME="$ch/.cache" \
	DISPLAY="$DISP" NO_AT_BRIDGE=1 LANG=C.UTF-8 $dbus claws-mail >"$AV_TMP/claws.out" 2>&1 &
DBUS_PID=$!
if [ -n "$dbus" ]; then
	poll 100 pgrep -P "$DBUS_PID" -x claws-mail >/dev/null || die "claws-mail did not start: $(cat "$AV_TMP/claws.out")"
	CLAWS_PID=$(pgrep -P "$DBUS_PID" -x claws-mail)
else
	CLAWS_PID=$DBUS_PID
fi
# the title is "<account> - Claws Mail 4.1.1" once the account is up
poll 600 has_window 'Claws Mail [0-9.]+$' || { shot no-main-window; die "Claws' main window did not appear within 60 s"; }
main_win=$(window 'Claws Mail [0-9.]+$')
pass "Claws started on display $DISP with a throwaway HOME (no wizard, no password dialog)"

# ---- list: the IMAP account's Drafts ---------------------------------------------------
claws --select "$drafts_id" >/dev/null || die "claws-mail --select $drafts_id"
# Claws' own count of the folder (new, unread, total): all five drafts
claws_total() { claws --status-full "$drafts_id" | awk -v id="$drafts_id" '$4 == id { print $3 }'; }
poll 300 eval '[ "$(claws_total)" = 5 ]' || true
check "Claws counts five messages in the account's Drafts" test "$(claws_total)" = 5
sleep 0.5 # let it paint the list before the screenshot (the count above is the check)
shot drafts-list

# ---- re-edit Marcus's draft, type into it, save it -------------------------------------
claws --select "$drafts_id/$marcus_uid" >/dev/null || die "claws-mail --select $drafts_id/$marcus_uid"
sleep 0.3
xdo windowfocus --sync "$main_win" || true
xdo key --clearmodifiers ctrl+alt+e || true
poll 300 has_window 'Quillfeather - Compose message$' || { shot no-composer; die "Re-edit opened no composer for Marcus's draft"; }
compose=$(window 'Quillfeather - Compose message$')
pass "Message > Re-edit opens Marcus's draft in the composer"
shot composer
# a person clicks into the text, goes to its end and writes a line
xdo windowfocus --sync "$compose" || true
xdo mousemove --window "$compose" 300 450 click 1 || true
xdo key --clearmodifiers ctrl+End || true
xdo type --delay 15 'P.S. Marcus, the whiteboard exercise was great fun.' || true
sleep 0.3
shot composer-typed
xdo key --clearmodifiers ctrl+s || true # Message > Save: into the account's Drafts
edited_on_server() {
	imap 'import sys
for uid, flags, raw in drafts():
    m = email.message_from_bytes(raw, policy=email.policy.default)
    if "whiteboard exercise" in m.get_body(("plain",)).get_content():
        sys.exit(0)
sys.exit(1)' 2>/dev/null
}
poll 300 edited_on_server || { shot not-saved; die "the saved edit did not reach Drafts on the server within 30 s"; }
pass "Ctrl+S saved the edit into Drafts on the server"
xdo windowfocus --sync "$compose" || true
xdo key --clearmodifiers ctrl+w || true # Message > Close: saved, so no question
poll 200 eval '! has_window "Quillfeather - Compose message$"' || { shot composer-stays; fail "the composer did not close after Ctrl+W"; }
shot after-save

if imap '
ds = drafts()
old = [d for d in ds if d[0] == int(args[0])]
assert not old, "the original draft (UID %s) is still there" % args[0]
new = []
for uid, flags, raw in ds:
    m = email.message_from_bytes(raw, policy=email.policy.default)
    if "whiteboard exercise" in m.get_body(("plain",)).get_content():
        new.append((uid, flags, m))
assert len(new) == 1, "%d messages carry the edit" % len(new)
uid, flags, m = new[0]
assert uid > int(args[0]), uid
assert "marcus.lee@quillfeather.example" in str(m["To"]), m["To"]
assert m["Subject"] == "Thank you for the interview at Quillfeather", m["Subject"]
mid = str(m["Message-ID"]).strip().strip("<>")
assert mid == args[1], "Message-ID %s, afterview wrote %s" % (mid, args[1])
print("uid=%d flags=%s x-headers=%s" % (uid, " ".join(flags), ",".join(sorted(k for k in m.keys() if k.lower().startswith("x-")))))
' "$marcus_uid" "$marcus_mid" >"$AV_TMP/edit.txt" 2>&1; then
	pass "Claws replaced the draft: a new UID with the edit, afterview's Message-ID kept, the old UID gone"
else
	fail "Claws' saved edit"
	sed 's/^/    | /' "$AV_TMP/edit.txt"
fi
# what issue 11 reports Claws to do with it (facts about Claws, checked so that a change
# in Claws shows up here first)
expect_no_grep "the saved edit carries no X-Afterview header" "$AV_TMP/edit.txt" "X-Afterview"
check "Claws stored the edit without \\Draft and unseen" eval '! grep -qE "flags=.*\\\\(Draft|Seen)" "$AV_TMP/edit.txt"'

# ---- afterview after the edit ------------------------------------------------------------
outside >"$AV_TMP/before2"
drafts >"$AV_TMP/drafts-before"
edited_uid=$(sed -n 's/^uid=\([0-9]*\) .*/\1/p' "$AV_TMP/edit.txt")
edited_line=$(grep "^${edited_uid:-none} " "$AV_TMP/drafts-before" || true)
check "the edited draft is one message in Drafts" eval '[ -n "$edited_line" ] && [ "$(printf "%s\n" "$edited_line" | wc -l)" = 1 ]'
expect_exit 0 "afterview run after the edit in Claws" run
check "it makes no new draft (still five in Drafts)" test "$(drafts | wc -l)" = 5
check "it leaves the edited draft alone (same UID, flags and bytes)" eval 'drafts | grep -qxF "$edited_line"'
expect_no_grep "it does not say the draft was removed" "$AV_TMP/out" "removed"
expect_exit 0 "status" status
grep -F 'Marcus Lee' "$AV_TMP/out" >"$AV_TMP/marcus.txt" || true
expect_grep "status says Marcus's draft was edited" "$AV_TMP/marcus.txt" "(you edited the draft"
expect_no_grep "status never says it was removed" "$AV_TMP/marcus.txt" "removed"
status_json
check "status --json: Marcus is drafted" test "$(field 'Marcus Lee' state)" = drafted
check "status --json: his draft's state is \"edited\"" test "$(field 'Marcus Lee' draft.state)" = edited
check "status --json: his draft is the edited message (its UID, afterview's Message-ID)" \
	eval '[ "$(field "Marcus Lee" draft.uid)" = "$edited_uid" ] && [ "$(field "Marcus Lee" draft.message_id)" = "$marcus_mid" ]'
check "status --json: Renée's draft is still afterview's" test "$(field 'Renée Dubois' draft.state)" = afterview
expect_exit 0 "one more run" run
check "still no new draft and the edited one untouched" eval '[ "$(drafts | wc -l)" = 5 ] && drafts | grep -qxF "$edited_line"'
outside >"$AV_TMP/after2"
check "outside Drafts afterview changed nothing" cmp -s "$AV_TMP/before2" "$AV_TMP/after2"

# ---- the draft without an address: its name in the list; Send never reaches anyone -----
claws --select "$drafts_id/$jane_uid" >/dev/null || die "claws-mail --select $drafts_id/$jane_uid"
sleep 0.5
shot jane-selected
xdo windowfocus --sync "$main_win" || true
xdo key --clearmodifiers ctrl+alt+e || true
poll 300 has_window ' - Compose message$' || { shot no-composer-jane; die "Re-edit opened no composer for Jane's draft"; }
compose=$(window ' - Compose message$')
pass "Jane's draft (no address) opens in the composer"
xdo windowfocus --sync "$compose" || true
# the header list is one row high: scroll it up to show the To row in the screenshot
xdo mousemove --window "$compose" 400 188 click --repeat 5 4 || true
sleep 0.3
shot jane-composer
xdo key --clearmodifiers ctrl+Return || true # Message > Send
send_over() { has_window '^Error$' || grep -qE '^(--- end|C: QUIT)' "$AV_TMP/smtp.log"; }
poll 300 send_over || true
shot jane-send
check "Send went to the capture server (Claws does not refuse an empty group itself)" grep -q '^C: RCPT TO' "$AV_TMP/smtp.log"
check "no recipient address with an @ was given to SMTP (nothing made up to bounce)" \
	eval '! grep "^C: RCPT TO" "$AV_TMP/smtp.log" | grep -q @'
check "the server refused the recipient and accepted no message" \
	eval 'grep -q "^S: 501" "$AV_TMP/smtp.log" && ! grep -q "^--- data" "$AV_TMP/smtp.log"'
check "Claws shows an error for the failed Send" has_window '^Error$'
sed 's/^/    smtp| /' "$AV_TMP/smtp.log"
# Claws takes a draft out of Drafts when it queues it for sending, before SMTP: after a
# failed Send the text is only in the open composer (and afterview sees the draft gone)
if ! drafts | grep -q "^$jane_uid "; then
	echo "note: Claws removed Jane's draft from Drafts on Send, before SMTP refused it"
fi
# the person closes the error and saves the draft again, which closes cleanly
err=$(window '^Error$')
if [ -n "$err" ]; then
	xdo windowfocus --sync "$err" || true
	xdo key --clearmodifiers Return || true # Close
	poll 100 eval '! has_window "^Error$"' || fail "the error dialog did not close"
fi
jane_in_drafts() {
	imap 'import sys
sys.exit(0 if any(args[0].encode() in raw and int(uid) != int(args[1]) for uid, flags, raw in drafts()) else 1)' "$jane_mid" "$jane_uid" 2>/dev/null
}
xdo windowfocus --sync "$compose" || true
xdo key --clearmodifiers ctrl+s || true
poll 300 jane_in_drafts || fail "Ctrl+S did not put Jane's draft back into Drafts"
xdo key --clearmodifiers ctrl+w || true
poll 200 eval '! has_window " - Compose message$"' || fail "the composer did not close after Ctrl+W"
shot end
drafts >"$AV_TMP/drafts-before3"
expect_exit 0 "afterview run after Jane's draft was saved again" run
check "it makes no new draft for Jane" eval 'cmp -s "$AV_TMP/drafts-before3" <(drafts)'
status_json
check "status --json: Jane's draft, saved again by Claws, is \"edited\"" test "$(field "$jane" draft.state)" = edited

pids="$CLAWS_PID $DBUS_PID $XVFB_PID $SINK_PID"
stop_all
check "claws-mail --exit ended Claws (no signal needed)" test "$claws_exit" = clean
# the message list Claws wrote on exit (its summary cache): each draft without an address
# must show whose it is. Claws decodes an encoded-word before it parses the address, so
# with "(address missing)" a non-ASCII name (Tomás, one encoded-word) became a comment
# and the list showed only "address missing"; afterview writes "[address missing]", and
# every name must be in the list, quoted (ASCII) or decoded (encoded-word).
while IFS= read -r n; do
	check "Claws' message list holds \"$n [address missing]\" as a draft's To" \
		grep -aqF "$n [address missing]" "$ch/.claws-mail/imapcache/127.0.0.1/$IMAP_USER/Drafts/.claws_cache"
done <"$AV_TMP/noaddr"
check "Claws, its bus, Xvfb and the SMTP server are gone" eval '! ps -o pid= -p "${pids// /,}" >/dev/null'
finish
