#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The cron job end to end against a real Dovecot: a fixture mailbox with an interview in
# every state; --dry-run appends nothing; run puts one draft per pending interviewer into
# Drafts (fetched back and checked strictly); a second run makes nothing; a crash after
# APPEND and a lost state make no duplicate; a draft the person deleted is not re-made;
# outside Drafts the mailbox is unchanged byte for byte and flag for flag; status --json
# has design.md's shape and the right states.
. "${srcdir:-$(dirname "$0")/..}/tests/e2e-imap-lib.sh"
fx=$srcdir/tests/data/invites
rd=$srcdir/tests/data/run
dovecot_start >/dev/null
# Dovecot's own record of every command it received (rawlog): the proof that a dry run
# changes nothing does not rest on afterview's trace of itself
mkdir -p "$DOVECOT_DIR/rawlog"
chmod 777 "$DOVECOT_DIR/rawlog"
printf 'protocol imap {\n  rawlog_dir = %s\n}\n' "$DOVECOT_DIR/rawlog" >>"$DOVECOT_CONF"
dovecot_restart >/dev/null
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
[company lumenharbor.example]
tone = casual
CONF
chmod 600 "$conf"
now=2026-10-22T20:00:00Z
drafts_dir=$DOVECOT_DIR/mail/$IMAP_USER/.Drafts

run() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" -D imap run --now "$now" "$@" 2>>"$AV_TMP/all-err"; }
quiet_run() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" run --now "$now" "$@"; }
status_json() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" status --json --now "$now" >"$AV_TMP/status.json"; }
# the mailbox outside Drafts, and the number of messages in Drafts
outside() { dump | awk '/^folder /{skip = ($2 == "Drafts")} !skip'; }
n_drafts() { find "$drafts_dir/cur" "$drafts_dir/new" -type f 2>/dev/null | wc -l; }
# state NAME: the state of interviewer NAME in status.json
state() { python3 -c 'import json,sys
for i in json.load(open(sys.argv[1]))["interviews"]:
    for v in i["interviewers"]:
        if v["name"] == sys.argv[2]: print(v["state"])' "$AV_TMP/status.json" "$1"; }

seed --date "01-Oct-2026 09:00:00 +0000" INBOX "$fx/google-phone-screen.eml" \
	"$fx/lever-interviewers-list.eml" "$fx/greenhouse-panel-itinerary.eml" \
	"$fx/reschedule-1-original-seq0.eml" "$fx/reschedule-2-moved-seq1.eml" \
	"$fx/cancel-1-original-request.eml" "$fx/cancel-2-method-cancel.eml" \
	"$rd/panel-quillfeather.eml" "$rd/group-lumenharbor.eml" "$fx/not-dentist-appointment.eml" >/dev/null
seed --date "22-Oct-2026 19:00:00 +0000" --flags '\Seen' Sent "$srcdir/tests/data/sent/thanks-priya.eml" \
	"$rd/sent-group-lumen.eml" "$rd/sent-late-hana.eml" "$rd/sent-accepted-marcus.eml" >/dev/null
outside >"$AV_TMP/before"

ls "$DOVECOT_DIR/rawlog" >"$AV_TMP/raw-before"
expect_exit 0 "run --dry-run" run --dry-run
log_mark
log_wait_disconnect
ls "$DOVECOT_DIR/rawlog" | grep '\.in$' | grep -vxF -f "$AV_TMP/raw-before" >"$AV_TMP/raw-new" || true
check "Dovecot recorded the dry run's session" test -s "$AV_TMP/raw-new"
check "Dovecot received no command that changes anything (APPEND, STORE, COPY, MOVE, EXPUNGE, CREATE, DELETE, RENAME, SELECT)" \
	eval '! (cd "$DOVECOT_DIR/rawlog" && cat $(cat "$AV_TMP/raw-new")) | grep -qiE "^[0-9.]+ [^ ]+ (UID )?(APPEND|STORE|COPY|MOVE|EXPUNGE|CREATE|DELETE|RENAME|SELECT|SUBSCRIBE|SETMETADATA)"'
check "... while it did read (EXAMINE, one UID SEARCH OR HEADER ... in Drafts for all)" \
	eval '(cd "$DOVECOT_DIR/rawlog" && cat $(cat "$AV_TMP/raw-new")) | grep -qE "SEARCH (OR )+HEADER"'
check "it shows the drafts it would make (5)" test "$(grep -c '^--- would append' "$AV_TMP/out")" = 5
check "nothing was appended" test "$(n_drafts)" = 0
check "no APPEND was sent" eval '! grep -qE "\[imap\] C: [0-9]+ APPEND" "$AV_TMP/all-err"'
outside >"$AV_TMP/after"
check "the mailbox is unchanged by the dry run" cmp "$AV_TMP/before" "$AV_TMP/after"

expect_exit 0 "run" run
check "it says which drafts were made (5 lines)" test "$(grep -c 'is in your Drafts' "$AV_TMP/out")" = 5
check "five drafts are in Drafts" test "$(n_drafts)" = 5
outside >"$AV_TMP/after"
check "outside Drafts the mailbox is unchanged" cmp "$AV_TMP/before" "$AV_TMP/after"
dump --folder Drafts >"$AV_TMP/drafts"
check "every draft is flagged \\Draft \\Seen" \
	test "$(grep -c '(\\Draft \\Seen)' "$AV_TMP/drafts")" = 5

# fetched back over IMAP (read-only, BODY.PEEK), as a mail client sees them
if python3 - "$IMAP_PORT" "$IMAP_USER" "$IMAP_PASSWORD_FILE" <<'PY'; then pass "the drafts parse strictly and are personal"; else fail "draft contents"; fi
import email, email.policy, imaplib, sys
imap = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
imap.login(sys.argv[2], open(sys.argv[3]).read().strip())
imap.select("Drafts", readonly=True)
typ, data = imap.uid("FETCH", "1:*", "(BODY.PEEK[])")
raws = [d[1] for d in data if isinstance(d, tuple)]
imap.logout()
assert len(raws) == 5, len(raws)
msgs = []
for f, raw in enumerate(raws):
    f = "draft %d" % f
    assert b"\n" not in raw.replace(b"\r\n", b""), f + ": bare LF"
    assert all(len(l) <= 998 for l in raw.split(b"\r\n")), f + ": line over 998"
    head = raw.split(b"\r\n\r\n", 1)[0]
    head.decode("ascii")  # headers are 7-bit: non-ASCII only as encoded-words
    m = email.message_from_bytes(raw, policy=email.policy.default)
    for h in ("From", "Subject", "Date", "Message-ID"):
        assert m[h], f + ": no " + h
    # nothing tells the recipient a tool was involved (issue 11)
    assert not [k for k in m.keys() if k.lower().startswith("x-")], f + ": " + str(m.keys())
    assert b"fterview" not in head, f + ": the header names afterview"
    assert "sam.rivera@example.net" in m["From"], m["From"]
    msgs.append(m)
by_to = {str(m["To"] or ""): m for m in msgs}
renee = [m for t, m in by_to.items() if "renee.dubois@quillfeather.example" in t]
assert renee and "Renée Dubois" in str(renee[0]["To"]), list(by_to)
assert any("marcus.lee@quillfeather.example" in t for t in by_to), list(by_to)
bodies = [m.get_content() for m in msgs]
assert len(set(bodies)) == len(bodies), "two drafts have the same body"
r = renee[0].get_content()
assert "Renée" in r.split("\n", 3)[0] + r, "Renée not greeted"
no_to = [m for m in msgs if not m["To"].addresses]
assert len(no_to) == 3, "the three Greenhouse interviewers have no address: %d" % len(no_to)
for m in no_to:
    assert "address" in m.get_content().split("\n", 1)[0].lower(), m.get_content()[:200]
    # whose draft it is shows in the list: an empty group named after them
    g = m["To"].groups
    assert len(g) == 1 and g[0].display_name.endswith(" [address missing]") and not g[0].addresses, str(m["To"])
assert len({g for m in no_to for g in [m["To"].groups[0].display_name]}) == 3
# the token inside the Message-ID: "<time>.<16 hex>.<random>@domain", one per draft
tokens = {str(m["Message-ID"]).split(".")[1] for m in msgs}
assert len(tokens) == 5 and all(len(t) == 16 for t in tokens), tokens
for m in msgs:
    assert m["Subject"] and ("Quillfeather" in m["Subject"] or "Halcyon" in m["Subject"] or
                             "Engineer" in m["Subject"] or "interview" in m["Subject"].lower()), m["Subject"]
PY

expect_exit 0 "status --json" status_json
if python3 - "$AV_TMP/status.json" <<'PY'; then pass "status --json has the documented shape"; else fail "status --json shape"; fi
import json, re, sys
d = json.load(open(sys.argv[1]))
t = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
assert t.match(d["now"])
states = {"not-due", "pending", "drafted", "thanked", "thanked-late", "thanked-group", "missed", "cancelled"}
assert d["interviews"]
for i in d["interviews"]:
    assert set(i) >= {"id", "uid", "summary", "company", "domain", "start", "end", "cancelled", "score", "reasons", "interviewers"}, i.keys()
    assert i["domain"] is None or (isinstance(i["domain"], str) and i["domain"] == i["domain"].lower()), i["domain"]
    assert t.match(i["start"]) and t.match(i["end"]) and isinstance(i["cancelled"], bool)
    assert isinstance(i["score"], int) and all(isinstance(r, str) for r in i["reasons"])
    for v in i["interviewers"]:
        # issue 10 added "greeting" and "address_check" (the interviewer facts status shows)
        # issue 11 added "marked_thanked" and "hint" (a thank-you afterview cannot see)
        assert set(v) == {"name", "email", "source", "greeting", "address_check", "state", "deadline", "send_by", "evidence", "marked_thanked", "hint", "unsure_reply", "draft"}, v.keys()
        assert isinstance(v["marked_thanked"], bool) and v["hint"] in (None, "draft-gone-no-thanks"), v
        assert v["greeting"] in ("name", "neutral") and v["address_check"] in (None, "not-at-employer", "from-other-mail"), v
        assert v["source"] in ("attendee", "organizer", "description") and v["state"] in states
        assert t.match(v["deadline"]) and t.match(v["send_by"])
        assert v["evidence"] is None or (set(v["evidence"]) == {"message_id", "date"} and t.match(v["evidence"]["date"]))
        assert v["unsure_reply"] is None or (set(v["unsure_reply"]) == {"message_id", "date"} and t.match(v["unsure_reply"]["date"]))
        # issue 11: the draft's state, and the address the person wrote into their edit
        assert v["draft"] is None or (set(v["draft"]) == {"message_id", "uid", "state", "address"} and isinstance(v["draft"]["uid"], int)
                                      and v["draft"]["state"] in ("afterview", "edited", "removed")), v["draft"]
PY
if python3 - "$AV_TMP/status.json" <<'PY'; then pass "status --json: the employer's domain beside its name; greeting and address check per interviewer"; else fail "status --json domain, greeting, address_check"; fi
import json, sys
d = json.load(open(sys.argv[1]))
q = [i for i in d["interviews"] if i["company"] == "Quillfeather"]
assert len(q) == 1 and q[0]["domain"] == "quillfeather.example", q
renee = [v for v in q[0]["interviewers"] if v["name"] == "Renée Dubois"][0]
assert renee["greeting"] == "name" and renee["address_check"] is None, renee
PY
qid=$(python3 -c 'import json,sys; print([i["id"] for i in json.load(open(sys.argv[1]))["interviews"] if i["company"] == "Quillfeather"][0])' "$AV_TMP/status.json")
expect_exit 0 "explain the Quillfeather panel" av -c "$conf" explain "$qid"
expect_grep "explain says where the employer's name was read" "$AV_TMP/out" "  company:  Quillfeather (read from "
expect_grep "... and the employer's domain" "$AV_TMP/out" "  domain:   quillfeather.example"
check "Priya Chen: thanked" test "$(state 'Priya Chen')" = thanked
check "Hana Sato (late, +tag and case in the address): thanked-late" test "$(state 'Hana Sato')" = thanked-late
check "Felix Moreau: missed" test "$(state 'Felix Moreau')" = missed
check "Ada Park: thanked-group" test "$(state 'Ada Park')" = thanked-group
check "Ben Ortiz: thanked-group" test "$(state 'Ben Ortiz')" = thanked-group
check "Renée Dubois: drafted" test "$(state 'Renée Dubois')" = drafted
check "Marcus Lee (an Accepted: reply is no thank-you): drafted" test "$(state 'Marcus Lee')" = drafted
check "Jane Okafor (no address): drafted" test "$(state 'Jane Okafor')" = drafted
check "the rescheduled interview is not due yet" test "$(state 'Leah Goldberg')" = not-due
check "the cancelled interview: cancelled" eval 'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert any(i[\"cancelled\"] and all(v[\"state\"]==\"cancelled\" for v in i[\"interviewers\"]) for i in d[\"interviews\"])" "$AV_TMP/status.json"'
check "the dentist is not among the interviews" eval 'python3 -c "import json,sys; assert not any(\"dentist\" in (i[\"summary\"] or \"\").lower() for i in json.load(open(sys.argv[1]))[\"interviews\"])" "$AV_TMP/status.json"'
if python3 - "$AV_TMP/status.json" <<'PY'; then pass "the job hunt's pulse: interviews per week, companies in process"; else fail "pulse"; fi
import json, sys
p = json.load(open(sys.argv[1]))["pulse"]
# Oct 19, 21, 22 (two) in the last 7 days; Oct 6 two weeks back; the cancelled and the
# coming ones do not count
assert p["interviews_per_week"] == [4, 0, 1, 0, 0, 0, 0, 0], p
# issue 10: the companies as a person writes them (one reading with the drafts), not
# their domains
assert set(p["companies_in_process"]) == {"Northwind Analytics", "Orchard Labs",
    "Halcyon Robotics", "Vantagebio", "Quillfeather", "Lumen Harbor"}, p
assert isinstance(p["days_since_last_new_interview"], int) and p["nudge"] is None, p
PY

expect_exit 0 "a second run" quiet_run
check "it makes nothing" test "$(n_drafts)" = 5
check "and says nothing (cron stays quiet)" test ! -s "$AV_TMP/out"

# a crash after APPEND, before the UID was recorded: the row is back at 'intent'
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("update draft set state=0, uid=0"); c.commit()' "$db"
expect_exit 0 "the run after a crash between APPEND and its record" quiet_run
check "no duplicate draft" test "$(n_drafts)" = 5

# the state is lost altogether
rm -f "$db" "$db-wal" "$db-shm"
expect_exit 0 "a run after the state database was lost" quiet_run
check "no duplicate draft" test "$(n_drafts)" = 5
outside >"$AV_TMP/after"
check "outside Drafts the mailbox is still unchanged" cmp "$AV_TMP/before" "$AV_TMP/after"

# issue 12: a run with nothing new records Drafts as its look found it (every draft at
# its UID); the next one tells an unchanged Drafts by the STATUS sent with the listing
# and opens no folder at all
expect_exit 0 "a run with nothing new (Drafts looked at and recorded)" quiet_run
expect_exit 0 "one more run with nothing new, traced" \
	$AV_VALGRIND "$AFTERVIEW" -c "$conf" -D imap run --now "$now"
commands_seen() { sed -n 's/.*\[imap\] C: [0-9]* \([A-Z]*\).*/\1/p' "$AV_TMP/err" | tr '\n' ' '; }
check "... LIST, three STATUS and LOGOUT, nothing opened ($(commands_seen))" \
	test "$(commands_seen)" = "STARTTLS LIST STATUS STATUS STATUS LOGOUT "
# one round trip: the last run's folders (the store's) are asked with the listing, so
# every STATUS is written before the listing's answer is read
list_tag=$(sed -n 's/.*\[imap\] C: \([0-9]*\) LIST .*/\1/p' "$AV_TMP/err")
check "... in one round trip: the three STATUS written before LIST's answer" \
	eval '[ "$(sed -n "/\[imap\] S: $list_tag OK/q; s/.*\[imap\] C: [0-9]* STATUS.*/x/p" "$AV_TMP/err" | wc -l)" = 3 ]'
check "... and the 5 drafts still counted as drafted" \
	eval '[ "$(status_json && grep -o "\"state\": *\"drafted\"" "$AV_TMP/status.json" | wc -l)" = 5 ]'

# the person deletes one draft: it is not made again
doveadm -c "$DOVECOT_CONF" expunge -u "$IMAP_USER" mailbox Drafts header To marcus.lee@quillfeather.example
check "the person's deletion took" test "$(n_drafts)" = 4
expect_exit 0 "a run after the person deleted a draft" quiet_run
check "the deleted draft is not re-created" test "$(n_drafts)" = 4
status_json
check "Marcus Lee is pending again, without a draft" test "$(state 'Marcus Lee')" = pending

# a month later with nothing new: the nudge to keep applying
$AV_VALGRIND "$AFTERVIEW" -c "$conf" status --json --now 2026-11-25T12:00:00Z >"$AV_TMP/later.json"
check "a quiet month brings a nudge to keep the job hunt going" eval 'python3 -c "import json,sys; p=json.load(open(sys.argv[1]))[\"pulse\"]; assert p[\"nudge\"] and p[\"days_since_last_new_interview\"] >= 10, p" "$AV_TMP/later.json"'

no_forbidden_commands
check "the trace never shows the password" eval '! grep -qF "$(cat "$IMAP_PASSWORD_FILE")" "$AV_TMP/all-err"'
finish
