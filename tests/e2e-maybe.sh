#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# No silent misses, end to end against a real Dovecot: an invite close to the line
# ("Chat with Acme Labs" from a recruiting system, no interview word) is listed by `run`
# once, with the `afterview mark ID interview` hint, and makes no draft; the next run says
# nothing; a new version of a maybe is listed again, once; --dry-run lists but records
# nothing; status, status --json ("maybe") and explain show it until the person decides;
# marked as an interview, the next run drafts the thank-you and the maybe list is empty.
# shellcheck disable=SC2016
. "${srcdir:-$(dirname "$0")/..}/tests/e2e-imap-lib.sh"
fx=$srcdir/tests/data/invites
rd=$srcdir/tests/data/run
dovecot_start >/dev/null
export XDG_STATE_HOME=$AV_TMP/state
db=$XDG_STATE_HOME/afterview/state.db
conf=$AV_TMP/conf
cat >"$conf" <<CONF
[me]
name = Sam Rivera
addresses = sam.rivera@example.net, samr@example.net
skills = Go, Kubernetes and incident response
timezone = America/New_York
$(dovecot_account test)
timeout = 10
CONF
chmod 600 "$conf"
# the chat ended at 18:45Z: its thank-you window is open
now=2026-10-21T20:00:00Z
drafts_dir=$DOVECOT_DIR/mail/$IMAP_USER/.Drafts
acme_uid=maybe-acmelabs-chat-20261021@greenhouse.io
bw_uid=maybe-brightwater-conversation@hire.lever.co

run() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" -D imap run --now "$now" "$@" 2>>"$AV_TMP/all-err"; }
status() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" status --now "$now" "$@"; }
n_drafts() { find "$drafts_dir/cur" "$drafts_dir/new" -type f 2>/dev/null | wc -l; }
n_told() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from told").fetchone()[0])' "$db"; }
# lines WORD: how many lines of the last output have WORD
lines() { grep -cF -- "$1" "$AV_TMP/out" || true; }
# maybe_uids FILE: the uids in status --json's "maybe" list, sorted, one line
maybe_uids() { python3 -c 'import json,sys; print(" ".join(sorted(m["uid"] for m in json.load(open(sys.argv[1]))["maybe"])))' "$1"; }

seed --date "19-Oct-2026 16:20:05 +0000" INBOX "$rd/maybe-acmelabs-chat.eml" \
	"$rd/maybe-brightwater-1.eml" "$fx/not-team-standup.eml" >/dev/null
acme=$(av -c "$conf" scan --json "$rd/maybe-acmelabs-chat.eml" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["interviews"][0]["id"])')
bw=$(av -c "$conf" scan --json "$rd/maybe-brightwater-1.eml" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["interviews"][0]["id"])')
check "the fixtures have ids" test -n "$acme" -a -n "$bw"
hint="\`afterview mark $acme interview\` if it is"

expect_exit 0 "run --dry-run" run --dry-run
check "the dry run lists the chat with the mark hint" test "$(lines "$hint")" = 1
check "... and the Brightwater conversation" test "$(lines "maybe an interview: $bw")" = 1
check "... and records nothing" test "$(n_told)" = 0
check "no draft" test "$(n_drafts)" = 0

expect_exit 0 "run" run
cp "$AV_TMP/out" "$AV_TMP/first-run"
expect_grep "run lists the chat as a maybe, with its start and the mark hint" "$AV_TMP/first-run" \
	"maybe an interview: $acme  \"Chat with Acme Labs\", Wed 21 Oct 14:00 (UTC-04:00) — $hint"
check "... once, in one line" test "$(lines "$acme")" = 1
check "the Brightwater conversation too, once" test "$(lines "maybe an interview: $bw")" = 1
check "the stand-up is no maybe" eval '! grep -qi "stand-up\|standup" "$AV_TMP/first-run"'
check "a borderline event makes no draft by itself" test "$(n_drafts)" = 0
expect_no_grep "run says no draft was made" "$AV_TMP/first-run" "is in your Drafts"
check "both maybes are recorded as told" test "$(n_told)" = 2

expect_exit 0 "a second run" run
check "says nothing: a maybe is not repeated at every cron run" test ! -s "$AV_TMP/out"

expect_exit 0 "status" status
expect_grep "status lists the chat with the mark hint" "$AV_TMP/out" "maybe an interview: $acme"
expect_grep "... the hint" "$AV_TMP/out" "$hint"
expect_grep "status lists the Brightwater conversation" "$AV_TMP/out" "maybe an interview: $bw"
expect_exit 0 "status --json" status --json
cp "$AV_TMP/out" "$AV_TMP/status.json"
if python3 - "$AV_TMP/status.json" "$acme" "$acme_uid" <<'PY'; then pass "status --json: the \"maybe\" list, the documented keys kept"; else fail "status --json maybe"; fi
import json, re, sys
d = json.load(open(sys.argv[1]))
t = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
assert set(d) >= {"now", "interviews", "maybe", "tools_to_learn", "pulse"}, d.keys()
assert not any(i["uid"] == sys.argv[3] for i in d["interviews"]), "the maybe is no interview"
m = [x for x in d["maybe"] if x["uid"] == sys.argv[3]]
assert len(m) == 1, d["maybe"]
m = m[0]
assert set(m) == {"id", "uid", "summary", "company", "start", "end", "score", "reasons"}, m.keys()
assert m["id"] == sys.argv[2] and m["summary"] == "Chat with Acme Labs"
assert m["start"] == "2026-10-21T18:00:00Z" and m["end"] == "2026-10-21T18:45:00Z"
assert isinstance(m["score"], int) and m["reasons"] and all(isinstance(r, str) for r in m["reasons"])
PY
check "status --json lists both maybes" test "$(maybe_uids "$AV_TMP/status.json")" = "$acme_uid $bw_uid"

expect_exit 0 "explain" av -c "$conf" explain "$acme"
expect_grep "explain says the chat is close to the line" "$AV_TMP/out" "close to the line"
expect_grep "... and how to decide" "$AV_TMP/out" "$hint"

# Brightwater moves the conversation: a new version is news again, once
seed --date "23-Oct-2026 09:00:00 +0000" INBOX "$rd/maybe-brightwater-2-moved.eml" >/dev/null
expect_exit 0 "a run after the conversation was moved" run
check "the moved conversation is listed again" test "$(lines "maybe an interview: $bw")" = 1
check "... on its new day" test "$(lines "Wed 28 Oct 12:00")" = 1
check "the chat is not" test "$(lines "$acme")" = 0
expect_exit 0 "the run after that" run
check "says nothing" test ! -s "$AV_TMP/out"

# the person decides
expect_exit 0 "mark the chat as an interview" av -c "$conf" mark "$acme" interview
expect_exit 0 "mark the conversation as not an interview" av -c "$conf" mark "$bw" not-interview
expect_exit 0 "the run after the marks" run
expect_grep "it makes the thank-you draft for the chat" "$AV_TMP/out" "A thank-you draft to Dana Whitfield"
check "... one draft in Drafts" test "$(n_drafts)" = 1
check "... and lists no maybe" test "$(lines "maybe an interview")" = 0
status --json >"$AV_TMP/status.json"
check "the maybe list is empty" test "$(maybe_uids "$AV_TMP/status.json")" = ""
check "the chat is an interview, Dana's thank-you drafted" eval 'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); i=[i for i in d[\"interviews\"] if i[\"uid\"]==sys.argv[2]]; assert [v[\"state\"] for v in i[0][\"interviewers\"]]==[\"drafted\"], i" "$AV_TMP/status.json" "$acme_uid"'
status >"$AV_TMP/out"
check "status lists no maybe" test "$(lines "maybe an interview")" = 0
expect_exit 0 "one more run" run
check "says nothing and makes nothing" test ! -s "$AV_TMP/out" -a "$(n_drafts)" = 1

no_forbidden_commands
finish
