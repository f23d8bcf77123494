#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# scan and filter as a person uses them: the fixtures in tests/data/invites through the
# real binary. The unit tests check every field; this checks the command line: the JSON
# shape, versions merged across files, and that filter gives back every message byte for
# byte whatever it contains.
. "${srcdir:-$(dirname "$0")/..}/tests/lib.sh"
trap av_cleanup_tmp EXIT
fx=$srcdir/tests/data/invites
export TZ=America/New_York
export XDG_STATE_HOME=$AV_TMP/state
conf=$AV_TMP/config
cat >"$conf" <<'CONF'
[me]
name = Sam Rivera
addresses = sam.rivera@example.net, samr@example.net
timezone = America/New_York
[account test]
host = localhost
user = sam
password_cmd = echo unused-password
CONF
chmod 600 "$conf"

expect_exit 0 "scan --json of one Greenhouse invite" av -c "$conf" scan --json "$fx/greenhouse-panel-itinerary.eml"
cp "$AV_TMP/out" "$AV_TMP/gh.json"
if python3 - "$AV_TMP/gh.json" <<'PY'; then pass "the JSON has design.md's interview shape"; else fail "JSON shape"; fi
import json, sys
d = json.load(open(sys.argv[1]))
(i,) = d["interviews"]
for k in ("id", "uid", "summary", "company", "start", "end", "cancelled", "score", "reasons", "interviewers"):
    assert k in i, k
assert i["interview"] is True and i["cancelled"] is False
assert i["start"] == "2026-10-22T14:00:00Z" and i["end"] == "2026-10-22T16:30:00Z", i
names = [(v["name"], v["email"], v["source"]) for v in i["interviewers"]]
assert names == [("Jane Okafor", None, "description"), ("Tomás Lindqvist", None, "description"),
                 ("Mei-Ling Park", None, "description")], names
assert any("greenhouse" in r for r in i["reasons"]), i["reasons"]
PY

expect_exit 0 "a reschedule given as two files is one event" av -c "$conf" scan --json \
	"$fx/reschedule-2-moved-seq1.eml" "$fx/reschedule-1-original-seq0.eml"
if python3 - "$AV_TMP/out" "$fx/reschedule-2-moved-seq1.expect" <<'PY'; then pass "the later SEQUENCE wins, two versions counted"; else fail "reschedule"; fi
import json, sys
d = json.load(open(sys.argv[1]))
(i,) = d["interviews"]
want = [l for l in open(sys.argv[2]) if l.startswith("event:")][0].split(" | ")
assert i["start"] == want[3].strip() and i["versions"] == 2, (i, want)
PY

expect_exit 0 "a cancellation after the invite" av -c "$conf" scan --json \
	"$fx/cancel-1-original-request.eml" "$fx/cancel-2-method-cancel.eml"
if python3 -c 'import json,sys; (i,)=json.load(open(sys.argv[1]))["interviews"]; assert i["cancelled"] and i["interviewers"], i' "$AV_TMP/out"; then
	pass "it is cancelled and keeps the invite's interviewers"
else
	fail "cancellation"
fi

expect_exit 0 "text output" av -c "$conf" scan "$fx/not-dentist-appointment.eml" "$fx/google-phone-screen.eml"
expect_grep "a non-interview says so" "$AV_TMP/out" "not an interview"
expect_grep "an interview says so" "$AV_TMP/out" "INTERVIEW"

expect_exit 65 "a malformed calendar exits EX_DATAERR" av -c "$conf" scan "$fx/malformed-bogus-base64.eml" "$fx/malformed-truncated-calendar.eml" "$AV_TMP/nonexistent.eml"
expect_grep "a missing file is named" "$AV_TMP/err" "nonexistent.eml: cannot open"

# filter: byte for byte, for every fixture and for garbage
n=0 bad=0
for f in "$fx"/*.eml; do
	n=$((n + 1))
	if ! av -c "$conf" filter <"$f" >"$AV_TMP/f.out" 2>"$AV_TMP/f.err" || ! cmp -s "$f" "$AV_TMP/f.out"; then
		bad=$((bad + 1))
		echo "    filter changed or failed on $(basename "$f")"
	fi
done
[ "$bad" = 0 ] && pass "filter gives back all $n fixtures byte for byte" || fail "filter on $bad of $n fixtures"

# what filter read is in the state database: status knows the interviews without IMAP
expect_exit 0 "status after filtering the fixtures" av -c "$conf" status --json --now 2026-10-22T20:00:00Z
if python3 - "$AV_TMP/out" <<'PY'; then pass "filtered invites are recorded (status lists them, once each)"; else fail "filter did not record"; fi
import json, sys
d = json.load(open(sys.argv[1]))
summaries = [i["summary"] for i in d["interviews"]]
assert any("Halcyon" in s for s in summaries), summaries
assert not any("standup" in s.lower() for s in summaries), summaries
uids = [i["uid"] for i in d["interviews"]]
assert len(uids) == len(set(uids)), uids
PY
# filtering the same message again adds no version
av -c "$conf" filter <"$fx/greenhouse-panel-itinerary.eml" >/dev/null 2>&1
expect_exit 0 "status after filtering a message twice" av -c "$conf" explain 0dd12ccedc32
expect_grep "still one version" "$AV_TMP/out" "1 version)"

# a run holding the database: the message still goes through, unrecorded for now
python3 -c 'import fcntl,sys,time; f=open(sys.argv[1],"a"); fcntl.flock(f,fcntl.LOCK_EX); open(sys.argv[2],"w").close(); time.sleep(20)' \
	"$XDG_STATE_HOME/afterview/state.db.lock" "$AV_TMP/locked" &
holder=$!
for _ in $(seq 1 100); do [ -e "$AV_TMP/locked" ] && break; sleep 0.05; done
expect_exit 0 "filter while a run holds the database" av -c "$conf" filter <"$fx/google-phone-screen.eml"
if cmp -s "$fx/google-phone-screen.eml" "$AV_TMP/out"; then pass "... the message went through unchanged"; else fail "message changed under lock"; fi
expect_grep "... and it says the invite waits for the next run" "$AV_TMP/err" "the next run reads it"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null || true

head -c 300000 /dev/urandom >"$AV_TMP/garbage"
printf 'Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/calendar\r\nContent-Transfer-Encoding: base64\r\n\r\n@@@@' >"$AV_TMP/truncated"
: >"$AV_TMP/empty"
for f in garbage truncated empty; do
	expect_exit 0 "filter on $f input exits 0" av -c "$conf" filter <"$AV_TMP/$f"
	if cmp -s "$AV_TMP/$f" "$AV_TMP/out"; then pass "... and gives it back unchanged"; else fail "filter changed $f"; fi
done

# larger than the parse limit: streamed through unread
head -c $((33 * 1024 * 1024)) /dev/zero | tr '\0' 'x' >"$AV_TMP/big"
expect_exit 0 "filter on a 33 MB message" av -c "$conf" filter <"$AV_TMP/big"
if cmp -s "$AV_TMP/big" "$AV_TMP/out"; then pass "... passes it through unchanged"; else fail "big message changed"; fi
rm -f "$AV_TMP/big"

# a broken config must not cost the message
printf '[me\n' >"$AV_TMP/broken"
chmod 600 "$AV_TMP/broken"
expect_exit 0 "filter with a broken config still exits 0" av -c "$AV_TMP/broken" filter <"$fx/google-phone-screen.eml"
if cmp -s "$fx/google-phone-screen.eml" "$AV_TMP/out"; then pass "... and the message went through"; else fail "message lost with broken config"; fi
expect_grep "... and the config error is reported" "$AV_TMP/err" "broken:1:"
finish
