#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The Claws Mail plugin (plugin/claws/, afterview.so) in a real Claws Mail 4.1 under Xvfb,
# against a throwaway Dovecot holding the try-it sample mailbox (contrib/try-it.sh):
# - Claws alone first, to count the IMAP logins Claws itself makes;
# - with the plugin listed in clawsrc: shortly after start-up it makes the drafts the cron
#   job would make (compared with `afterview run --dry-run` on the same mailbox: the same
#   recipients and subjects), read back over IMAP, not from Claws; INBOX and Sent unchanged
#   byte for byte and flag for flag; Tools > "Interview follow-ups: check now" (a run on
#   demand) adds nothing; Tools > "Interview follow-ups…" opens the window; unloading the
#   plugin at runtime (Configuration > Plugins > Unload) leaves Claws running and takes
#   the menu items away; Dovecot saw no more logins than Claws alone makes;
# - a second start with the plugin adds nothing;
# - a third, with values in clawsrc [afterview] (the preferences page's), makes drafts
#   anew that carry them (casual greeting, skills, pitch, signature) over the config's.
# The config holds only [me] (no [account]): the account is Claws'. The plugin has no
# IMAP login of its own: afterview.so does not even contain the IMAP driver's open.
#
# Needs the plugin build (configure found libclaws-mail-dev), claws-mail, Xvfb and
# xdotool (skips with 77 naming what is missing). Screenshots are kept in the test's temp
# dir, copied to $AV_SCREENSHOTS when set, and kept on a failure.
. "${srcdir:-$(dirname "$0")/..}/tests/e2e-imap-lib.sh"
if [ -z "${AV_CLAWS_PLUGIN:-}" ] || [ ! -f "$AV_CLAWS_PLUGIN" ]; then
	echo "SKIP: the Claws plugin was not built (configure: install libclaws-mail-dev libgtk-3-dev)"
	exit 77
fi
if nm -D --undefined-only "$AV_CLAWS_PLUGIN" 2>/dev/null | grep -q ' __asan_'; then
	echo "SKIP: this build's plugin is compiled with AddressSanitizer and Debian's claws-mail is not: it cannot load (the strict and valgrind builds run this test)"
	exit 77
fi
for t in claws-mail Xvfb xdotool; do
	if ! command -v "$t" >/dev/null 2>&1; then
		echo "SKIP: $t not installed (contrib/install-deps.sh installs claws-mail, xvfb, xdotool)"
		exit 77
	fi
done
fx=$srcdir/tests/data/invites
rd=$srcdir/tests/data/run
shots=$AV_TMP/shots
mkdir -p "$shots"
now=2026-10-22T20:00:00Z
ch=$AV_TMP/claws # Claws' HOME

# ---- the processes this test starts, and their stopping on every path --------------
XVFB_PID= DBUS_PID= CLAWS_PID= DISP=
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }
wait_gone() {
	local i
	for i in $(seq 1 "$2"); do
		alive "$1" || return 0
		sleep 0.1
	done
	! alive "$1"
}
claws() { timeout 20 env HOME="$ch" XDG_RUNTIME_DIR="$ch/run" DISPLAY="$DISP" LANG=C.UTF-8 claws-mail "$@"; }
xdo() { timeout 15 env DISPLAY="$DISP" xdotool "$@"; }
shot_n=0
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
		wait_gone "$CLAWS_PID" 50 || kill -TERM "$CLAWS_PID" 2>/dev/null || true
		wait_gone "$CLAWS_PID" 30 || kill -KILL "$CLAWS_PID" 2>/dev/null || true
		wait_gone "$CLAWS_PID" 30 || true
	fi
	if alive "$DBUS_PID"; then
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
	XVFB_PID=
}
keep_evidence() {
	local d
	if [ -n "${AV_SCREENSHOTS:-}" ]; then
		mkdir -p "$AV_SCREENSHOTS" && cp "$shots"/*.png "$AV_SCREENSHOTS"/ 2>/dev/null || true
	fi
	if [ "$AV_TEST_FAILS" != 0 ]; then
		d=$(mktemp -d "${TMPDIR:-/tmp}/av-client-claws-plugin.XXXXXX")
		cp -r "$shots" "$d"/ 2>/dev/null || true
		cp "$AV_TMP"/claws*.out "$ch/.claws-mail/claws.log" "$DOVECOT_LOG" "$d"/ 2>/dev/null || true
		echo "--- kept for the failure: $d (screenshots, Claws' stderr, claws.log, dovecot.log)"
		tail -n 20 "$AV_TMP"/claws-*.out 2>/dev/null || true
	fi
}
dovecot_on_exit stop_all
dovecot_on_exit keep_evidence
die() {
	fail "$1${last_shot:+ (last screenshot: $(basename "$last_shot"))}"
	finish || true
	exit 1
}
poll() {
	local n=$1 i
	shift
	for i in $(seq 1 "$n"); do
		"$@" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}
window() { xdo search --onlyvisible --name "$1" 2>/dev/null | head -1; }
has_window() { [ -n "$(window "$1")" ]; }
logins() { grep -c 'imap-login: Info: Login: user=<' "$DOVECOT_LOG" || true; }

# ---- the sample mailbox and what the cron job would make of it ----------------------------
check "afterview.so holds no IMAP login of its own (no av_imap_open)" \
	eval '! nm "$AV_CLAWS_PLUGIN" | grep -qw av_imap_open'
dovecot_start >/dev/null
seed --create --date "15-Oct-2026 09:00:00 +0000" INBOX "$fx/google-phone-screen.eml" \
	"$fx/lever-interviewers-list.eml" "$fx/greenhouse-panel-itinerary.eml" \
	"$rd/panel-quillfeather.eml" "$rd/group-lumenharbor.eml" "$fx/not-dentist-appointment.eml" \
	"$fx/not-webinar-ace-your-interview.eml" "$fx/reschedule-1-original-seq0.eml" \
	"$fx/reschedule-2-moved-seq1.eml" >/dev/null
seed --create --date "22-Oct-2026 19:00:00 +0000" Sent "$srcdir/tests/data/sent/thanks-priya.eml" \
	"$rd/sent-group-lumen.eml" "$rd/sent-late-hana.eml" "$rd/sent-accepted-marcus.eml" >/dev/null
me='[me]
name = Sam Rivera
addresses = sam.rivera@example.net, samr@example.net
timezone = America/New_York'
printf '%s\n\n%s\n' "$me" "$(dovecot_account throwaway)" >"$AV_TMP/cron.conf"
chmod 600 "$AV_TMP/cron.conf"
XDG_STATE_HOME=$AV_TMP/cron-state $AV_VALGRIND "$AFTERVIEW" -c "$AV_TMP/cron.conf" run --dry-run \
	--now "$now" >"$AV_TMP/dry.txt" 2>"$AV_TMP/dry.err" || die "afterview run --dry-run: $(cat "$AV_TMP/dry.err")"
# "To: ... | Subject: ..." of each draft, sorted
python3 - "$AV_TMP/dry.txt" >"$AV_TMP/expected" <<'PY'
import email, email.policy, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
out = []
for block in re.split(r"^--- would append.*$", text, flags=re.M)[1:]:
    block = block.split("\nrun account=")[0].lstrip("\n").replace("\r", "")
    m = email.message_from_string(block, policy=email.policy.default)
    out.append("%s | %s" % (m["To"], m["Subject"]))
print("\n".join(sorted(out)))
PY
n_expected=$(grep -c . "$AV_TMP/expected")
check "the cron job would make drafts for the sample ($n_expected)" test "$n_expected" -gt 0
# what is in Drafts, over IMAP, as "To | Subject", sorted
drafts_list() {
	python3 - "$IMAP_PORT" "$IMAP_USER" "$IMAP_PASSWORD_FILE" <<'PY'
import email, email.policy, imaplib, sys
imap = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
imap.login(sys.argv[2], open(sys.argv[3]).read().strip())
imap.select("Drafts", readonly=True)
typ, data = imap.uid("FETCH", "1:*", "(BODY.PEEK[])")
out = []
for d in data:
    if isinstance(d, tuple):
        m = email.message_from_bytes(d[1], policy=email.policy.default)
        out.append("%s | %s" % (m["To"], m["Subject"]))
print("\n".join(sorted(out)))
imap.logout()
PY
}
people() { dump --folder INBOX && dump --folder Sent; }
people >"$AV_TMP/people-before"

# ---- Claws under Xvfb ---------------------------------------------------------------------
bash "$srcdir/tests/tools/claws-home.sh" "$ch" "$IMAP_PORT" "$IMAP_USER" "$IMAP_PASSWORD_FILE" 9
# the plugin's config: only [me]; its state where the cron job keeps it
mkdir -p "$ch/.config/afterview"
printf '%s\n' "$me" >"$ch/.config/afterview/config"
plugins() { # SO...: clawsrc's [Plugins_GTK3] lists exactly these
	python3 - "$ch/.claws-mail/clawsrc" "$@" <<'PY'
import sys
rc, sos = sys.argv[1], sys.argv[2:]
lines = open(rc).read().split("\n")
out, skip = [], False
for l in lines:
    if skip:
        if l.strip() == "":
            skip = False
            out.append("")
        continue
    out.append(l)
    if l.strip() == "[Plugins_GTK3]":
        out.extend(sos)
        skip = True
open(rc, "w").write("\n".join(out))
PY
}
plugin_listed() { awk '/^\[Plugins_GTK3\]/{f=1; next} /^\[/{f=0} f && NF' "$ch/.claws-mail/clawsrc" | grep -qF "$AV_CLAWS_PLUGIN"; }

Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$AV_TMP/display" >"$AV_TMP/xvfb.out" 2>&1 &
XVFB_PID=$!
poll 200 grep -q '[0-9]' "$AV_TMP/display" || die "Xvfb did not start: $(cat "$AV_TMP/xvfb.out")"
DISP=:$(tr -dc 0-9 <"$AV_TMP/display")
dbus=
command -v dbus-run-session >/dev/null 2>&1 && dbus="dbus-run-session --"
# claws_start NAME: start Claws (stderr into $AV_TMP/claws-NAME.out), wait for its window
claws_start() {
	out=$AV_TMP/claws-$1.out
	# shellcheck disable=SC2086
	env HOME="$ch" XDG_RUNTIME_DIR="$ch/run" XDG_CONFIG_HOME="$ch/.config" XDG_CACHE_HOME="$ch/.cache" \
		XDG_STATE_HOME="$ch/.local/state" AFTERVIEW_NOW="$now" \
		AFTERVIEW_WINDOW_DUMP="$AV_TMP/window-$1.txt" DISPLAY="$DISP" NO_AT_BRIDGE=1 LANG=C.UTF-8 $dbus claws-mail ${AV_CLAWS_DEBUG:+--debug} >"$out" 2>&1 &
	DBUS_PID=$!
	if [ -n "$dbus" ]; then
		poll 100 pgrep -P "$DBUS_PID" -x claws-mail >/dev/null || die "claws-mail did not start: $(cat "$out")"
		CLAWS_PID=$(pgrep -P "$DBUS_PID" -x claws-mail)
	else
		CLAWS_PID=$DBUS_PID
	fi
	poll 600 has_window 'Claws Mail [0-9.]+$' || { shot "no-main-window-$1"; die "Claws' main window did not appear within 60 s"; }
	main_win=$(window 'Claws Mail [0-9.]+$')
}
# key KEYS...: keys to Claws' main window
key() {
	xdo windowfocus --sync "$main_win" || true
	xdo key --clearmodifiers "$@" || true
}

# Claws alone: the logins it makes by itself in a session like the ones below
mark=$(logins)
claws_start alone
sleep 8
claws_stop
claws_logins=$(($(logins) - mark))
people >"$AV_TMP/people-alone"
check "Claws alone logs in to Dovecot ($claws_logins)" test "$claws_logins" -gt 0

# with the plugin; a shortcut for Configuration > Plugins (Claws reads its menurc at
# start-up)
plugins "$AV_CLAWS_PLUGIN"
cat >>"$ch/.claws-mail/menurc" <<'EOF'
(gtk_accel_path "<Actions>/Menu/Configuration/Plugins" "<Primary><Alt>p")
EOF
mark=$(logins)
claws_start plugin
run_line() { grep -m1 "^afterview: run ($1)" "$out"; }
poll 900 run_line start-up >/dev/null || { shot no-run; die "no run shortly after start-up: $(tail -n 5 "$out")"; }
line=$(run_line start-up || true)
echo "    $line"
check "the start-up run made the drafts ($n_expected)" eval 'printf "%s" "$line" | grep -q " drafts=$n_expected found=0 failed=0"'
check "it read the cron job's config file (only [me]: the account is Claws')" \
	eval 'printf "%s" "$line" | grep -qF "config=$ch/.config/afterview/config"'
check "Claws' log has the notice of new drafts" grep -q "afterview: $n_expected new thank-you draft" "$ch/.claws-mail/claws.log"
shot started

# Tools is at +226+12 of the main window (no window manager: it sits at +64+64); the
# plugin's items are the last two: "check now" last, the window's item above it
tools() { # UPS: open Tools, go up UPS items from the top (wrapping to the end), activate
	xdo windowfocus --sync "$main_win" || true
	xdo mousemove --window "$main_win" 226 12 click 1 || true
	sleep 0.5
	for _ in $(seq 1 "$1"); do xdo key Up || true; done
	sleep 0.2
	shot "tools-menu-$1"
	xdo key Return || true
}
tools 1
poll 300 run_line 'on demand' >/dev/null || { shot no-run-now; fail "Tools > check now: no run"; }
line=$(run_line 'on demand' || true)
echo "    $line"
check "a run on demand adds nothing (drafts=0, failed=0)" eval 'printf "%s" "$line" | grep -q " drafts=0 found=0 failed=0"'

tools 2
poll 100 grep -q 'Tools > Interview follow-ups: opening the window' "$out" ||
	fail "Tools > Interview follow-ups…: no window opened"
poll 100 has_window '^Interview follow-ups — ' || fail "no window called \"Interview follow-ups — ACCOUNT\""
pass "Tools > Interview follow-ups… opens the window"
# what the window lists (its rows, written by window.c to $AFTERVIEW_WINDOW_DUMP once filled)
poll 100 grep -q '^end$' "$AV_TMP/window-plugin.txt" 2>/dev/null || fail "the window wrote no list of its rows"
check "... and lists each interviewer the plugin drafted for as drafted ($n_expected)" \
	test "$(grep -c '^  interviewer .* | drafted' "$AV_TMP/window-plugin.txt")" = "$n_expected"
sleep 0.5
shot window

# unload at runtime: Configuration > Plugins, the plugin selected, Unload
key ctrl+alt+p
poll 100 has_window '^Plugins$' || { shot no-plugins-window; die "Configuration > Plugins did not open"; }
pw=$(window '^Plugins$')
sleep 0.5
shot plugins-window
xdo windowfocus --sync "$pw" || true
xdo key --clearmodifiers alt+u || true
poll 100 grep -q '^afterview: unloaded' "$out" || { shot no-unload; fail "the plugin did not unload"; }
sleep 0.3
shot unloaded
xdo key --clearmodifiers Escape || true
check "Claws keeps running after the unload" alive "$CLAWS_PID"
check "and answers (claws-mail --status)" eval 'claws --status >/dev/null'
check "the follow-ups window went with the plugin" eval '! has_window "^Interview follow-ups — "'
# with the items gone, the last two of Tools are Claws' own
tools 1
sleep 1
xdo key Escape || true
check "the menu item is gone (the last item of Tools runs nothing of ours)" test "$(grep -c '^afterview: run (on demand)' "$out")" = 1
tools 2
sleep 1
xdo key Escape || true
check "the window's menu item is gone too" test "$(grep -c 'opening the window' "$out")" = 1
shot end
claws_stop
plugin_logins=$(($(logins) - mark))
check "no login but Claws' own ($plugin_logins with the plugin, $claws_logins without)" \
	test "$plugin_logins" -le "$claws_logins"
check "Claws saved the unload (the plugin no longer listed in clawsrc)" eval '! plugin_listed'

# ---- what is on the server --------------------------------------------------------------
drafts_list >"$AV_TMP/drafts"
if cmp -s "$AV_TMP/expected" "$AV_TMP/drafts"; then
	pass "Drafts holds the drafts the cron job would make (recipients and subjects)"
else
	fail "Drafts differs from the cron job's drafts"
	diff "$AV_TMP/expected" "$AV_TMP/drafts" | sed 's/^/    | /'
fi
people >"$AV_TMP/people-after"
if cmp -s "$AV_TMP/people-before" "$AV_TMP/people-after"; then
	pass "INBOX and Sent unchanged, byte for byte and flag for flag"
else
	fail "INBOX and Sent changed"
	diff "$AV_TMP/people-before" "$AV_TMP/people-after" | sed 's/^/    | /'
fi

# ---- the cron job on the plugin's state: the same drafts, as afterview wrote them --------
# (an [account] named as the Claws account, so the tokens and the state rows are shared)
printf '%s\n\n%s\n' "$me" "$(dovecot_account afterview-test)" >"$AV_TMP/switch.conf"
chmod 600 "$AV_TMP/switch.conf"
cron() { XDG_STATE_HOME=$ch/.local/state $AV_VALGRIND "$AFTERVIEW" -c "$AV_TMP/switch.conf" "$@" --now "$now"; }
cron status --json >"$AV_TMP/status.json" 2>"$AV_TMP/status.err" || fail "afterview status on the plugin's state: $(cat "$AV_TMP/status.err")"
check "the window listed the interviews status --json lists, by id" test "$(python3 -c 'import json,sys
print(" ".join(sorted(i["id"] for i in json.load(open(sys.argv[1]))["interviews"] if not i.get("maybe"))))' "$AV_TMP/status.json")" = "$(sed -n 's/^interview \([^ ]*\) .*/\1/p' "$AV_TMP/window-plugin.txt" | sort | tr '\n' ' ' | sed 's/ $//')"
states() { python3 -c 'import json,sys
for i in json.load(open(sys.argv[1]))["interviews"]:
    for v in i["interviewers"]:
        if v["draft"]: print(v["draft"]["state"])' "$AV_TMP/status.json" | sort | uniq -c | tr -s ' '; }
check "the cron job sees the plugin's $n_expected drafts as afterview's own (unedited: the bytes it appended)" \
	test "$(states)" = " $n_expected afterview"
dump --folder Drafts >"$AV_TMP/drafts-dump0"
cron run >"$AV_TMP/cron-run.out" 2>&1 || fail "afterview run after the plugin: $(cat "$AV_TMP/cron-run.out")"
dump --folder Drafts >"$AV_TMP/drafts-dump1"
check "switching to the cron job makes no duplicate (Drafts unchanged)" cmp -s "$AV_TMP/drafts-dump0" "$AV_TMP/drafts-dump1"

# ---- a second start adds nothing ---------------------------------------------------------
# with the config file named in the plugin's preferences (clawsrc [afterview], as the
# preferences page saves it)
plugins "$AV_CLAWS_PLUGIN"
printf '%s\n' "$me" >"$AV_TMP/plugin.conf"
printf '\n[afterview]\ninterval_minutes=45\nconfig_path=%s\n\n' "$AV_TMP/plugin.conf" >>"$ch/.claws-mail/clawsrc"
claws_start again
poll 900 run_line start-up >/dev/null || { shot no-run-again; die "no run after the second start"; }
line=$(run_line start-up || true)
echo "    $line"
check "it read the config file the preferences name" \
	eval 'printf "%s" "$line" | grep -qF "config=$AV_TMP/plugin.conf"'
check "the second start's run adds nothing" eval 'printf "%s" "$line" | grep -q " drafts=0 found=0 failed=0"'
pids="$CLAWS_PID $DBUS_PID"
claws_stop
dump --folder Drafts >"$AV_TMP/drafts-dump2"
check "Drafts unchanged by the second start" cmp -s "$AV_TMP/drafts-dump1" "$AV_TMP/drafts-dump2"
people >"$AV_TMP/people-after2"
check "INBOX and Sent still unchanged" cmp -s "$AV_TMP/people-before" "$AV_TMP/people-after2"

# ---- the preferences page's values win over the config file ------------------------------
# clawsrc [afterview] as the page saves it (the signature escaped onto one line), over a
# config file with its own skills and the formal default; a hand-edited window_hours out
# of range counts as unset. Drafts emptied and the state forgotten, so the drafts are new.
python3 - "$IMAP_PORT" "$IMAP_USER" "$IMAP_PASSWORD_FILE" <<'PY'
import imaplib, sys
imap = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
imap.login(sys.argv[2], open(sys.argv[3]).read().strip())
imap.select("Drafts")
imap.uid("STORE", "1:*", "+FLAGS.SILENT", "(\\Deleted)")
imap.expunge()
imap.logout()
PY
rm -rf "$ch/.local/state/afterview"
printf '%s\nskills = COBOL from the config file\n' "$me" >"$AV_TMP/plugin.conf"
python3 - "$ch/.claws-mail/clawsrc" "$AV_TMP/plugin.conf" <<'PY'
import re, sys
rc = open(sys.argv[1]).read()
rc = re.sub(r"(?ms)^\[afterview\]\n.*?(?=^\[|\Z)", "", rc)
rc = rc.rstrip("\n") + "\n\n[afterview]\ninterval_minutes=45\nconfig_path=%s\n" % sys.argv[2]
rc += "skills=streaming data pipelines\npitch=I have shipped three of them this year.\n"
rc += "tone=casual\nwindow_hours=500\nlanguages=en\n"
rc += "signature=Sam R.\\n+1 555 0100\n\n"
open(sys.argv[1], "w").write(rc)
PY
claws_start prefs
poll 900 run_line start-up >/dev/null || { shot no-run-prefs; die "no run after the start with preferences"; }
line=$(run_line start-up || true)
echo "    $line"
check "with Drafts emptied, the run made the drafts anew ($n_expected)" \
	eval 'printf "%s" "$line" | grep -q " drafts=$n_expected found=0 failed=0"'
check "the out-of-range window_hours in clawsrc is ignored with a warning" grep -q 'window_hours=500 is not 1-168' "$out"
pids="$pids $CLAWS_PID $DBUS_PID $XVFB_PID"
stop_all
# each draft's text: the casual greeting ("Hi NAME,": formal is "Dear NAME,"), the page's skills and pitch (not the file's),
# the page's two-line signature
python3 - "$IMAP_PORT" "$IMAP_USER" "$IMAP_PASSWORD_FILE" >"$AV_TMP/prefs-drafts" <<'PY'
import email, email.policy, imaplib, sys
imap = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
imap.login(sys.argv[2], open(sys.argv[3]).read().strip())
imap.select("Drafts", readonly=True)
typ, data = imap.uid("FETCH", "1:*", "(BODY.PEEK[])")
for d in data:
    if isinstance(d, tuple):
        m = email.message_from_bytes(d[1], policy=email.policy.default)
        body = m.get_body(preferencelist=("plain",)).get_content().replace("\r", "")
        # the first line of the letter, after afterview's own [[ notes ]]
        first = [l for l in body.split("\n") if l.strip() and not l.startswith("[[")][0]
        flat = " ".join(body.split())  # however the lines were wrapped
        print("greeting=%s skills=%d file_skills=%d pitch=%d signature=%d" % (
            "casual" if first.startswith("Hi ") else "other: " + first,
            "streaming data pipelines" in flat, "COBOL" in flat,
            "I have shipped three of them this year." in flat, "\nSam R.\n+1 555 0100" in body))
PY
sed 's/^/    /' "$AV_TMP/prefs-drafts"
check "the drafts are read back ($n_expected)" test "$(grep -c . "$AV_TMP/prefs-drafts")" = "$n_expected"
check "... each with the casual greeting (tone=casual over the formal default)" \
	eval '! grep -v "^greeting=casual " "$AV_TMP/prefs-drafts"'
check "... the page's skills and pitch, not the config file's skills" \
	eval '! grep -v " skills=1 file_skills=0 pitch=1 " "$AV_TMP/prefs-drafts"'
check "... and the page's two-line signature" eval '! grep -v " signature=1$" "$AV_TMP/prefs-drafts"'
people >"$AV_TMP/people-after3"
check "INBOX and Sent still unchanged" cmp -s "$AV_TMP/people-before" "$AV_TMP/people-after3"
check "Claws, its bus and Xvfb are gone" eval '! ps -o pid= -p "${pids// /,}" >/dev/null'
finish
