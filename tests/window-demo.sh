#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The Claws plugin's follow-ups window (plugin/claws/window.c) without Claws: a real
# `afterview run` against a throwaway Dovecot holding the try-it sample mailbox (and two
# invites close to the line), then tests/tools/av-window-demo opens the window on that
# state under Xvfb. Its dump ($AFTERVIEW_WINDOW_DUMP) must list the interviews and
# interviewers with the states `status --json` gives, the maybes, and the chart's weekly
# counts as status counts them. Then real clicks and key presses (xdotool, at the
# coordinates the dump gives): Yes on a maybe shows up as an interview in status --json;
# a line typed in the notes editor and saved shows in `notes --export -`; a broken sheet
# is refused with its line, and nothing is stored; "Open draft" hands the draft's UID and
# Message-ID to the env. Screenshots (window-demo-1.png before the clicks, window-demo-2.png
# after) are copied to $AV_SCREENSHOTS when it is set.
# AV_WINDOW_WRAP runs the demo under a tool (valgrind with GLib's and GTK's suppressions,
# say), AV_WINDOW_WAIT (seconds, default 30) gives it longer to come up.
. "${srcdir:-$(dirname "$0")/..}/tests/e2e-imap-lib.sh"
demo=$(cd "${builddir:-.}" && pwd)/tests/tools/av-window-demo
shots=$AV_TMP/shots
mkdir -p "$shots"
if [ ! -x "$demo" ]; then
	echo "SKIP: $demo is not built (configure found no libclaws-mail-dev and libgtk-3-dev)"
	exit 77
fi
for tool in Xvfb xdotool import python3; do
	if ! command -v "$tool" >/dev/null; then
		echo "SKIP: $tool is needed (contrib/install-deps.sh installs it)"
		exit 77
	fi
done
fx=$srcdir/tests/data/invites
rd=$srcdir/tests/data/run
dovecot_start >/dev/null
export XDG_STATE_HOME=$AV_TMP/state
conf=$AV_TMP/conf
cat >"$conf" <<CONF
[me]
name = Sam Rivera
addresses = sam.rivera@example.net, samr@example.net
skills = Go, Kubernetes and incident response
timezone = America/New_York

$(dovecot_account throwaway)
timeout = 10
CONF
chmod 600 "$conf"
now=2026-10-22T20:00:00Z
# contrib/try-it.sh's sample mailbox, and the two maybes of e2e-maybe.sh
inbox=("$fx/google-phone-screen.eml" "$fx/lever-interviewers-list.eml"
	"$fx/greenhouse-panel-itinerary.eml" "$rd/panel-quillfeather.eml"
	"$rd/group-lumenharbor.eml" "$fx/not-dentist-appointment.eml"
	"$fx/not-webinar-ace-your-interview.eml" "$fx/reschedule-1-original-seq0.eml"
	"$fx/reschedule-2-moved-seq1.eml" "$rd/maybe-acmelabs-chat.eml" "$rd/maybe-brightwater-1.eml")
seed --create --date "15-Oct-2026 09:00:00 +0000" INBOX "${inbox[@]}" >/dev/null
seed --create --date "22-Oct-2026 19:00:00 +0000" Sent "$srcdir/tests/data/sent/thanks-priya.eml" \
	"$rd/sent-group-lumen.eml" "$rd/sent-late-hana.eml" "$rd/sent-accepted-marcus.eml" >/dev/null
acme=$(av -c "$conf" scan --json "$rd/maybe-acmelabs-chat.eml" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["interviews"][0]["id"])')
expect_exit 0 "afterview run on the sample mailbox" "$AFTERVIEW" -c "$conf" run --now "$now"
"$AFTERVIEW" -c "$conf" status --json --now "$now" >"$AV_TMP/status.json"
"$AFTERVIEW" -c "$conf" status --now "$now" >"$AV_TMP/status.txt"

# ---- the window under Xvfb ----
dump=$AV_TMP/dump
exec 3>"$AV_TMP/display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp >"$AV_TMP/xvfb.log" 2>&1 &
xvfb=$!
exec 3>&-
demo_pid=
stop_x() {
	if [ -n "$demo_pid" ]; then
		kill "$demo_pid" 2>/dev/null
		wait "$demo_pid" 2>/dev/null
	fi
	kill "$xvfb" 2>/dev/null
	wait "$xvfb" 2>/dev/null
}
dovecot_on_exit stop_x
keep_shots() {
	[ -z "${AV_SCREENSHOTS:-}" ] || { mkdir -p "$AV_SCREENSHOTS" && cp "$shots"/*.png "$AV_SCREENSHOTS"/ 2>/dev/null; } || true
}
dovecot_on_exit keep_shots
for _ in $(seq 100); do
	[ -s "$AV_TMP/display" ] && break
	sleep 0.1
done
[ -s "$AV_TMP/display" ] || {
	fail "Xvfb did not start: $(cat "$AV_TMP/xvfb.log")"
	finish
}
export DISPLAY=:$(head -n 1 "$AV_TMP/display")
# Under AddressSanitizer, memory errors still end the demo, but GTK's, fontconfig's and
# cairo's allocations kept until exit are not leaks of ours (LeakSanitizer would fail
# every exit): leak checking is off for the demo alone (the core's tests keep it).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
env AFTERVIEW_NOW="$now" AFTERVIEW_WINDOW_DUMP="$dump" NO_AT_BRIDGE=1 GTK_THEME=Adwaita \
	${AV_WINDOW_WRAP:-} "$demo" -c "$conf" >"$AV_TMP/demo.out" 2>"$AV_TMP/demo.err" &
demo_pid=$!

# wait_dump PATTERN: until the dump (whole) has a line matching PATTERN (ERE)
wait_dump() {
	for _ in $(seq $((${AV_WINDOW_WAIT:-30} * 10))); do
		[ -f "$dump" ] && grep -qE -- "$1" "$dump" && return 0
		sleep 0.1
	done
	echo "# the dump has no line matching '$1':" >&2
	cat "$dump" >&2 2>/dev/null
	cat "$AV_TMP/demo.err" >&2
	return 1
}
# expect_re DESC FILE ERE: FILE has a line matching ERE
expect_re() {
	if grep -qE -- "$3" "$2"; then
		pass "$1"
	else
		fail "$1: no line matches '$3' in $(basename "$2")"
		sed 's/^/    | /' "$2" | head -40
	fi
}
# at WHAT: the root coordinates the dump gives for WHAT ("yes ID", "notes-save", ...)
at() { awk -v w="at $1 " 'index($0, w) == 1 { n = split($0, f, " "); print f[n - 1], f[n] }' "$dump"; }
click() { # WHAT
	local xy
	xy=$(at "$1")
	[ -n "$xy" ] || {
		echo "# nothing at '$1' in the dump" >&2
		return 1
	}
	# shellcheck disable=SC2086
	xdotool mousemove $xy click 1
}
fills() { sed -n 's/^fill //p' "$dump"; }

check "the window came up and was laid out" wait_dump '^at run-now '
cp "$dump" "$AV_TMP/dump-1"

# the interviews and each interviewer with the state status --json gives
python3 - "$AV_TMP/status.json" "$AV_TMP/dump-1" >"$AV_TMP/compare" 2>&1 <<'PY'
import json, sys
st = json.load(open(sys.argv[1]))
lines = open(sys.argv[2]).read().splitlines()
want, got = [], []
for i in st["interviews"]:
    want.append(("interview", i["id"]))
    for v in i["interviewers"]:
        want.append(("interviewer", v["name"], v["state"]))
for l in lines:
    if l.startswith("interview "):
        got.append(("interview", l.split()[1]))
    elif l.startswith("  interviewer "):
        f = [x.strip() for x in l[len("  interviewer "):].split("|")]
        got.append(("interviewer", f[0], f[1]))
if want != got:
    print("status --json:", want)
    print("the window:   ", got)
    sys.exit(1)
print(len([w for w in want if w[0] == "interview"]), "interviews,",
      len([w for w in want if w[0] == "interviewer"]), "interviewers")
PY
check "the window lists status's interviews and interviewers with their states ($(tail -n 1 "$AV_TMP/compare"))" \
	test "$(tail -n 1 "$AV_TMP/compare")" = "6 interviews, 12 interviewers"
expect_re "an interview row: company, role and when" "$AV_TMP/dump-1" \
	'^interview [0-9a-f]{12} \| Quillfeather — Onsite panel interview - Sam Rivera \| Thu 22 Oct 09:00 \(UTC-04:00\)$'
expect_re "an interviewer row: state and send-by time" "$AV_TMP/dump-1" \
	'^  interviewer Renée Dubois \| drafted \| send by Thu 22 Oct 18:00, at the latest Fri 23 Oct 11:00$'
expect_re "a thanked interviewer shows the thank-you seen in Sent" "$AV_TMP/dump-1" \
	'^  interviewer Priya Chen \| thanked \| "Thank you for the conversation today"$'
expect_re "the Acme Labs chat is listed as a maybe" "$AV_TMP/dump-1" "^maybe $acme \\| .*Chat with Acme Labs"
check "... with its Yes and No buttons on screen" test -n "$(at "yes $acme")" -a -n "$(at "no $acme")"
n_maybe=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["maybe"]))' "$AV_TMP/status.json")
check "as many maybes as status --json has ($n_maybe)" test "$(grep -c '^maybe ' "$AV_TMP/dump-1")" = "$n_maybe" -a "$n_maybe" -ge 1
# the chart: status prints 8 weeks newest first; the window draws 12, the same 8 first
st_weeks=$(sed -n 's/^  interviews per week, newest first: //p' "$AV_TMP/status.txt")
check "the chart's weekly counts are status's ($st_weeks, then 0 0 0 0)" \
	test "$(sed -n 's/^pulse //p' "$AV_TMP/dump-1")" = "$st_weeks 0 0 0 0"
expect_re "... which for the sample are 4 this week and 1 two weeks ago" "$AV_TMP/dump-1" '^pulse 4 0 1 0 0 0 0 0 0 0 0 0$'
import -window root "$shots/window-demo-1.png" 2>/dev/null
check "a screenshot of the window (window-demo-1.png)" test -s "$shots/window-demo-1.png"

# ---- Yes on the maybe: a real click ----
n=$(fills)
check "click Yes on the Acme Labs chat" click "yes $acme"
check "... the window fills again" wait_dump "^fill $((n + 1))\$"
check "... the chat is no longer a maybe" wait_dump "^at run-now "
check "... and not listed as one" test -z "$(grep "^maybe $acme " "$dump")"
expect_re "... but as an interview" "$dump" "^interview $acme \\| "
"$AFTERVIEW" -c "$conf" status --json --now "$now" >"$AV_TMP/status2.json"
check "status --json shows the mark: the chat is an interview, not a maybe" python3 -c '
import json, sys
st = json.load(open(sys.argv[1]))
assert sys.argv[2] in [i["id"] for i in st["interviews"]]
assert sys.argv[2] not in [m["id"] for m in st["maybe"]]' "$AV_TMP/status2.json" "$acme"

# ---- the notes editor: select Halcyon, type a tool to learn, save ----
halcyon=$(sed -n 's/^interview \([0-9a-f]*\) | Halcyon Robotics .*/\1/p' "$dump")
check "click the Halcyon Robotics interview" click "row $halcyon"
check "... the notes editor shows its sheet" wait_dump "^notes $halcyon\$"
sleep 0.5
check "click into the sheet" click notes-text
xdotool key ctrl+End || true
xdotool type --delay 20 $'\n- Terraform from the window\n'
check "... the editor says the sheet is not saved yet" wait_dump '^notes-status not saved yet$'
n=$(fills)
check "click Save notes" click notes-save
check "... saved" wait_dump "^fill $((n + 1))\$"
check "... and the status says so" wait_dump '^notes-status saved 2'
av -c "$conf" notes --export - >"$AV_TMP/export" 2>/dev/null
expect_re "notes --export shows the line typed in the window" "$AV_TMP/export" '^- Terraform from the window$'
av -c "$conf" status --now "$now" >"$AV_TMP/status3.txt"
expect_grep "... and status lists it among the tools to learn" "$AV_TMP/status3.txt" 'Terraform from the window'

# a sheet that does not parse is refused with its line, and nothing is stored
check "click into the sheet again" click notes-text
xdotool key ctrl+End || true
xdotool type --delay 20 $'== Broken heading\n'
check "click Save notes" click notes-save
check "... refused with the line of the error" wait_dump '^notes-status not saved: line [0-9]+: a heading has'
av -c "$conf" notes --export - >"$AV_TMP/export2" 2>/dev/null
check "... and nothing stored" cmp -s "$AV_TMP/export" "$AV_TMP/export2"

# ---- Open draft: Renée's draft goes to the env's open_draft ----
quill=$(sed -n 's/^interview \([0-9a-f]*\) | Quillfeather .*/\1/p' "$dump")
check "click Renée Dubois" click "row $quill/Renée Dubois"
sleep 0.5
check "click Open draft" click open-draft
want=$(python3 -c '
import json, sys
for i in json.load(open(sys.argv[1]))["interviews"]:
    for v in i["interviewers"]:
        if v["name"] == "Renée Dubois":
            print("open_draft uid=%d message-id=%s" % (v["draft"]["uid"], v["draft"]["message_id"]))' "$AV_TMP/status2.json")
for _ in $(seq 50); do
	grep -qF -- "$want" "$AV_TMP/demo.out" && break
	sleep 0.1
done
check "open_draft gets the UID and Message-ID status --json gives ($want)" grep -qxF -- "$want" "$AV_TMP/demo.out"

expect_re "an interviewer without an address says so, as status does" "$dump" \
	'^  interviewer Felix Moreau \| missed \| \(no address known\)$'

# ---- Run now: the env's run_now (the demo runs `afterview run`), then a refill ----
n=$(fills)
check "click Run now" click run-now
check "... the run is done and the window fills again" wait_dump "^fill $((n + 1))\$"
check "... the run went well" grep -qx "run_now exit=0" "$AV_TMP/demo.out"

import -window root "$shots/window-demo-2.png" 2>/dev/null
check "a screenshot after the clicks (window-demo-2.png)" test -s "$shots/window-demo-2.png"
kill "$demo_pid"
rc=0
wait "$demo_pid" || rc=$?
demo_pid=
check "the demo closes the window and exits 0 on SIGTERM (exit $rc)" test "$rc" = 0
[ "$rc" = 0 ] || tail -n 20 "$AV_TMP/demo.err" >&2
check "no GLib or GTK criticals or warnings" test -z "$(grep -E 'CRITICAL|WARNING' "$AV_TMP/demo.err")"
finish
