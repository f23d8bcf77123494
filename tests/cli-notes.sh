#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `afterview notes ID` as a person uses it, with a scripted $EDITOR: the interviews come
# from a real sync of the throwaway Dovecot. Notes are written and stored, `--print` shows
# them, a sheet saved unchanged stores nothing, a broken sheet is reopened with its error
# on top (the line number pointing at the mistake) and, when the person gives up, kept at
# $XDG_STATE_HOME/afterview/notes/ID.txt and reopened next time with their text intact;
# an editor that fails keeps its text too; the temp file is private and removed; the
# file name survives spaces and quotes in $TMPDIR and the editor's path; the database is
# not locked while the editor is open.
# shellcheck disable=SC2016
. "${srcdir:-$(dirname "$0")/..}/tests/e2e-imap-lib.sh"
fx=$srcdir/tests/data/invites
rd=$srcdir/tests/data/run
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

seed --date "01-Oct-2026 09:00:00 +0000" INBOX "$rd/panel-quillfeather.eml" \
	"$fx/greenhouse-panel-itinerary.eml" "$fx/not-dentist-appointment.eml" >/dev/null
expect_exit 0 "sync" av -c "$conf" sync --now 2026-10-22T20:00:00Z
av -c "$conf" status --json --now 2026-10-22T20:00:00Z >"$AV_TMP/status.json"
# id_of WORD: the id of the event whose summary has WORD
id_of() { python3 -c 'import json,sys
for i in json.load(open(sys.argv[1]))["interviews"]:
    if sys.argv[2] in i["summary"]: print(i["id"])' "$AV_TMP/status.json" "$1"; }
panel=$(id_of "Onsite panel")
gh=$(id_of "Halcyon")
check "the panel and the Greenhouse interview have ids" test -n "$panel" -a -n "$gh"
dentist=$(av -c "$conf" scan --json "$fx/not-dentist-appointment.eml" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["interviews"][0]["id"])')
kept_dir=$XDG_STATE_HOME/afterview/notes
kept=$kept_dir/$panel.txt

# The scripted editor, in a directory with a space and a quote in its name. It logs each
# call (the path it got, the file's mode, the sheet as it was opened) in $ED_LOG and does
# what $ED_MODE says; $ED_TEXT is the text it types.
ed_dir="$AV_TMP/my editor's dir"
mkdir -p "$ed_dir"
editor="$ed_dir/ed.sh"
cat >"$editor" <<'ED'
#!/bin/sh
f=$1
n=$(($(cat "$ED_LOG/calls" 2>/dev/null || echo 0) + 1))
echo "$n" >"$ED_LOG/calls"
printf '%s\n' "$f" >"$ED_LOG/path.$n"
stat -c %a "$f" >"$ED_LOG/mode.$n"
cp "$f" "$ED_LOG/opened.$n"
fill() {
	sed -i -e "0,/^discussed:\$/s//discussed: $ED_TEXT/" \
		-e '/^== Tools to learn ==$/a - Temporal' -e '/^== Tools to learn ==$/a Rust' \
		-e "/^== Feedback ==\$/a $ED_TEXT (feedback)" "$f"
}
break_it() {
	sed -i -e 's/^== Strengths ==$/== Strenghts ==/' -e "/^== Feedback ==\$/a $ED_TEXT" "$f"
}
case "$ED_MODE" in
fill) fill ;;
noop) ;;
break) if [ "$n" = 1 ]; then break_it; fi ;;
break-fix) if [ "$n" = 1 ]; then break_it; else sed -i 's/^== Strenghts ==$/== Strengths ==/' "$f"; fi ;;
fix) sed -i 's/^== Strenghts ==$/== Strengths ==/' "$f" ;;
fail) echo "$ED_TEXT" >>"$f"; exit 3 ;;
junk) sed -i "1i junk $n" "$f" ;;
lock) "$AFTERVIEW" -c "$CONF" status >/dev/null 2>&1; echo $? >"$ED_LOG/status-exit"; fill ;;
jane) sed -i "/^== Jane Okafor <no address> ==\$/{n;s/^discussed:\$/discussed: $ED_TEXT/}" "$f" ;;
esac
ED
chmod +x "$editor"
export ED_LOG=$AV_TMP/edlog CONF=$conf AFTERVIEW
export TMPDIR="$AV_TMP/tmp dir/it's \$HOME"
mkdir -p "$TMPDIR"
unset VISUAL
export EDITOR="\"$editor\""

# notes ID with the editor in mode $1 typing $2
edit() {
	rm -rf "$ED_LOG"
	mkdir -p "$ED_LOG"
	ED_MODE=$1 ED_TEXT=${2:-} av -c "$conf" notes "$panel"
}
# avenv NAME=VALUE... ARGS...: av with those variables set
avenv() {
	local vars=()
	while [[ $1 == *=* ]]; do
		vars+=("$1")
		shift
	done
	# shellcheck disable=SC2086
	env "${vars[@]}" $AV_VALGRIND "$AFTERVIEW" "$@"
}
calls() { cat "$ED_LOG/calls" 2>/dev/null || echo 0; }
print() { av -c "$conf" notes "$panel" --print; }
no_temp_left() { test -z "$(find "$TMPDIR" -name 'afterview-notes-*')"; }
mode_of() { stat -c %a "$1"; }

# --- a first sheet, filled in and stored
expect_exit 0 "notes --print before any notes" print
expect_grep "it says there are none yet" "$AV_TMP/out" "no notes yet"
expect_exit 0 "notes: the person writes the sheet" edit fill "their move from cron jobs to Temporal"
check "the editor ran once" test "$(calls)" = 1
expect_grep "the sheet names Renée with her address" "$ED_LOG/opened.1" \
	"== Renée Dubois <renee.dubois@quillfeather.example> =="
expect_grep "and Marcus" "$ED_LOG/opened.1" "== Marcus Lee <marcus.lee@quillfeather.example> =="
expect_grep "the header has the summary" "$ED_LOG/opened.1" "# Notes on: Onsite panel interview"
expect_grep "the header has the id" "$ED_LOG/opened.1" "id $panel"
expect_grep "all the sections are there" "$ED_LOG/opened.1" "== Tools to learn =="
check "the temp file is mode 0600" test "$(cat "$ED_LOG/mode.1")" = 600
check "the temp file is in \$TMPDIR (spaces, a quote and a \$ in its name)" \
	eval 'case "$(cat "$ED_LOG/path.1")" in "$TMPDIR"/afterview-notes-*.txt) true ;; *) false ;; esac'
check "the temp file is removed" no_temp_left
expect_grep "a short confirmation" "$AV_TMP/out" "notes saved for \"Onsite panel interview"
expect_grep "it counts what was written" "$AV_TMP/out" "1 interviewer with notes, 2 tools to learn"
expect_exit 0 "notes --print" print
expect_grep "--print shows what was discussed with Renée" "$AV_TMP/out" \
	"their move from cron jobs to Temporal"
expect_grep "--print names her" "$AV_TMP/out" "Renée Dubois <renee.dubois@quillfeather.example>:"
expect_grep "--print shows the tools" "$AV_TMP/out" "  - Rust"
expect_grep "--print shows the feedback" "$AV_TMP/out" "(feedback)"
expect_no_grep "--print shows no sheet comments" "$AV_TMP/out" "#"

# --- reopened: the stored notes are in the sheet; saving unchanged stores nothing
expect_exit 0 "notes again, saved unchanged" edit noop
expect_grep "the sheet holds the stored notes" "$ED_LOG/opened.1" \
	"discussed: their move from cron jobs to Temporal"
expect_grep "it says nothing changed" "$AV_TMP/out" "no changes"

# --- a broken sheet is reopened at once with the error on top, then fixed
expect_exit 0 "a broken sheet, fixed on the second try" edit break-fix "Said the team is small"
check "the editor ran twice" test "$(calls)" = 2
check "the second time the error is at the very top" \
	test "$(head -n 1 "$ED_LOG/opened.2")" = "#! afterview could not read this sheet:"
expect_grep "it names the misspelt section" "$ED_LOG/opened.2" "unknown section 'Strenghts'"
n=$(sed -n 's/^#!   line \([0-9]*\):.*/\1/p' "$ED_LOG/opened.2" | head -n 1)
check "its line number points at the misspelt heading ($n)" \
	test "$(sed -n "${n:-0}p" "$ED_LOG/opened.2")" = "== Strenghts =="
expect_grep "the person's text is still in it" "$ED_LOG/opened.2" "Said the team is small"
check "nothing is kept" test ! -e "$kept"
expect_exit 0 "notes --print" print
expect_grep "the fixed sheet was stored" "$AV_TMP/out" "Said the team is small"
expect_no_grep "without the error block" "$AV_TMP/out" "could not read"

# --- broken and left so: kept, and reopened next time with the person's text
expect_exit 65 "a broken sheet the person leaves broken" edit break "Mentioned a take-home next"
check "the editor ran twice (the second time saved unchanged)" test "$(calls)" = 2
expect_grep "it says the sheet has errors" "$AV_TMP/err" "unknown section 'Strenghts'"
expect_grep "it says where the sheet is kept" "$AV_TMP/err" "$kept"
check "the kept sheet is there" test -f "$kept"
check "the kept sheet is mode 0600" test "$(mode_of "$kept")" = 600
check "its directory is mode 0700" test "$(mode_of "$kept_dir")" = 700
expect_grep "the kept sheet has the person's text" "$kept" "Mentioned a take-home next"
expect_grep "and the error" "$kept" "unknown section 'Strenghts'"
check "the temp file is removed" no_temp_left
expect_exit 0 "notes --print meanwhile" print
expect_no_grep "the stored notes are the old ones" "$AV_TMP/out" "Mentioned a take-home next"
expect_grep "and it points at the kept sheet" "$AV_TMP/err" "$kept"
expect_exit 0 "notes again: the kept sheet is reopened and fixed" edit fix
check "the kept sheet was opened with the error on top" \
	test "$(head -n 1 "$ED_LOG/opened.1")" = "#! afterview could not read this sheet:"
expect_grep "with the person's text" "$ED_LOG/opened.1" "Mentioned a take-home next"
n=$(sed -n 's/^#!   line \([0-9]*\):.*/\1/p' "$ED_LOG/opened.1" | head -n 1)
check "its line number points at the misspelt heading ($n)" \
	test "$(sed -n "${n:-0}p" "$ED_LOG/opened.1")" = "== Strenghts =="
check "the kept sheet is gone once stored" test ! -e "$kept"
expect_exit 0 "notes --print" print
expect_grep "the text is stored" "$AV_TMP/out" "Mentioned a take-home next"

# --- an editor that fails: its text is kept, not stored; the next call stores it
expect_exit 75 "the editor fails after a change" edit fail "== Feedback ==
Half-typed thought"
expect_grep "it says where the text is" "$AV_TMP/err" "$kept"
expect_grep "the kept sheet has the change" "$kept" "Half-typed thought"
expect_exit 0 "notes --print" print
expect_no_grep "nothing was stored" "$AV_TMP/out" "Half-typed thought"
expect_exit 0 "notes again, saved as it was" edit noop
expect_grep "the sheet opened is the kept one" "$ED_LOG/opened.1" "Half-typed thought"
check "the kept sheet is gone" test ! -e "$kept"
expect_exit 0 "notes --print" print
expect_grep "now it is stored" "$AV_TMP/out" "Half-typed thought"
expect_exit 75 "the editor fails without a change" edit fail ""
rm -f "$kept" # a blank line was all it typed
expect_exit 75 "an editor that cannot be run" avenv EDITOR=/nonexistent/editor -c "$conf" notes "$panel"
expect_grep "it says so" "$AV_TMP/err" "editor"
check "nothing is kept" test ! -e "$kept"
check "no temp file is left" no_temp_left

# --- a sheet that stays broken however often it is saved: five rounds, then kept
expect_exit 65 "a sheet broken anew every time" edit junk
check "the editor ran five times" test "$(calls)" = 5
expect_grep "the kept sheet has every round's text" "$kept" "junk 5"
rm -f "$kept"

# --- $VISUAL wins over $EDITOR; the database is free while the editor is open
expect_exit 0 "\$VISUAL is used before \$EDITOR" avenv VISUAL="\"$editor\"" EDITOR=false \
	ED_MODE=lock ED_TEXT=x -c "$conf" notes "$panel"
check "a run can use the database while the editor is open" test "$(cat "$ED_LOG/status-exit")" = 0

# --- an interviewer without an address
rm -rf "$ED_LOG"
mkdir -p "$ED_LOG"
expect_exit 0 "notes for the Greenhouse interview" avenv ED_MODE=jane ED_TEXT="the hiring plan" \
	-c "$conf" notes "$gh"
expect_grep "Jane Okafor has a section without an address" "$ED_LOG/opened.1" \
	"== Jane Okafor <no address> =="
expect_exit 0 "notes --print for it" av -c "$conf" notes "${gh:0:6}" --print
expect_grep "what was discussed with Jane" "$AV_TMP/out" "the hiring plan"

# --- what is not an interview
expect_exit 65 "notes for the dentist" av -c "$conf" notes "$dentist"
expect_grep "no such interview" "$AV_TMP/err" "no such interview"
expect_exit 65 "notes for an unknown id" av -c "$conf" notes ffffffffffff
expect_exit 64 "notes without an id" av -c "$conf" notes
expect_exit 64 "notes with an unknown option" av -c "$conf" notes "$panel" --frobnicate
check "no temp file is left at the end" no_temp_left

# --- notes --export: every sheet as text, reading the database only (issue 14 item 10)
db=$XDG_STATE_HOME/afterview/state.db
expect_exit 0 "notes --export DIR" av -c "$conf" notes --export "$AV_TMP/export"
expect_grep "the panel's sheet is exported with its notes" "$AV_TMP/export/$panel.txt" \
	"Said the team is small"
expect_grep "the Greenhouse sheet too" "$AV_TMP/export/$gh.txt" "the hiring plan"
expect_grep "it says how many" "$AV_TMP/err" "2 notes sheets of account 'test' exported to $AV_TMP/export"
check "the exported files are private" test "$(stat -c %a "$AV_TMP/export/$panel.txt")" = 600
cp "$db" "$AV_TMP/db.before"
chmod 400 "$db"
chmod 500 "$XDG_STATE_HOME/afterview"
expect_exit 0 "notes --export - from a read-only database" av -c "$conf" notes --export -
expect_grep "stdout has the panel's sheet under its name" "$AV_TMP/out" "==> $panel.txt (saved "
expect_grep "... and its notes" "$AV_TMP/out" "Said the team is small"
check "the database is unchanged" cmp "$db" "$AV_TMP/db.before"
chmod 700 "$XDG_STATE_HOME/afterview"
chmod 600 "$db"
mv "$db" "$AV_TMP/moved.db"
rm -f "$db-wal" "$db-shm"
expect_exit 0 "notes --export --db FILE: a database moved away" \
	av -c "$conf" notes --export "$AV_TMP/export2" --db "$AV_TMP/moved.db"
check "... gives the same sheet" cmp "$AV_TMP/export/$panel.txt" "$AV_TMP/export2/$panel.txt"
mv "$AV_TMP/moved.db" "$db"
expect_exit 64 "notes --export with an unknown option" av -c "$conf" notes --export --frob

# --- a FIFO where a kept sheet would be is refused at once, not waited on
mkdir -p "$kept_dir"
rm -f "$kept"
mkfifo "$kept"
expect_exit 65 "notes with a FIFO as the kept sheet" timeout 5 $AV_VALGRIND "$AFTERVIEW" \
	-c "$conf" notes "$panel" --print
expect_grep "... names it" "$AV_TMP/err" "$kept: a FIFO (named pipe), not a regular file"
rm -f "$kept"

finish
