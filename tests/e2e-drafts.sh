#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# How afterview knows its drafts once a person's mail client has had them (issue 11),
# against a real Dovecot. Clients never change a message in place: they save the person's
# edit as a new message and delete the old one. Here python3's imaplib plays each client
# exactly as they were seen to behave (the real NeoMutt and Claws are driven in
# client-neomutt.sh and client-claws.sh):
#   Renée   Claws: the Message-ID kept, saved without \Draft and unseen   -> edited
#   Marcus  Thunderbird: a new Message-ID, the same To and Subject        -> edited
#   Jane    (no address) the person fills in To and saves                  -> edited, and
#           status shows the address they wrote
#   Tomás   (no address) deleted (or sent from a client with no Sent copy) -> removed, and
#           status says how to tell afterview it went out
#   Mei-Ling (no address) flagged by the person, then notes about her      -> never replaced
# The drafts carry no header naming afterview; a run after all this makes no draft and
# changes nothing in Drafts; outside Drafts nothing ever changes.
. "${srcdir:-$(dirname "$0")/..}/tests/e2e-imap-lib.sh"
command -v python3 >/dev/null || {
	echo "SKIP: python3 is needed to play the mail clients"
	exit 77
}
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
$(dovecot_account test)
timeout = 10
CONF
chmod 600 "$conf"
now=2026-10-22T20:00:00Z

run() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" run --now "$now" "$@" 2>>"$AV_TMP/all-err"; }
status() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" status --now "$now" "$@"; }
outside() { dump | awk '/^folder /{skip = ($2 == "Drafts")} !skip'; }
drafts() { dump --folder Drafts; }
# draft_of NAME: what status --json says of NAME's draft, as "state address"
draft_of() {
	python3 -c 'import json,sys
for i in json.load(open(sys.argv[1]))["interviews"]:
    for v in i["interviewers"]:
        if v["name"] == sys.argv[2]:
            d = v["draft"]
            print("none" if d is None else "%s %s" % (d["state"], d["address"]))' "$AV_TMP/status.json" "$1"
}
# client ACTION NAME [ARG]: play a mail client on NAME's draft (found by the name in To)
client() {
	python3 - "$IMAP_PORT" "$IMAP_USER" "$IMAP_PASSWORD_FILE" "$@" <<'PY'
import email, email.policy, imaplib, re, sys, time
port, user, pwfile, action, name = sys.argv[1:6]
arg = sys.argv[6] if len(sys.argv) > 6 else None
imap = imaplib.IMAP4("127.0.0.1", int(port))
imap.login(user, open(pwfile).read().strip())
imap.select("Drafts")
typ, data = imap.uid("FETCH", "1:*", "(UID BODY.PEEK[])")
found = []
for d in data:
    if not isinstance(d, tuple):
        continue
    m = email.message_from_bytes(d[1], policy=email.policy.default)
    if name in str(m["To"]):
        found.append((re.search(rb"UID (\d+)", d[0]).group(1).decode(), d[1]))
assert len(found) == 1, (name, [u for u, _ in found])
uid, raw = found[0]
head, body = raw.split(b"\r\n\r\n", 1)
if action == "flag":
    imap.uid("STORE", uid, "+FLAGS", "(%s)" % arg)
    imap.logout()
    sys.exit(0)
if action == "delete":
    pass
else:
    body = b"One more thing: I enjoyed the walk through the on-call tooling.\r\n\r\n" + body
    if action == "thunderbird":  # a new Message-ID
        head = re.sub(rb"(?m)^Message-ID: <[^>]*>", b"Message-ID: <tb-%d@example.net>" % time.time_ns(), head)
    if action == "fill-to":  # the person writes the address in To
        head = re.sub(rb"(?m)^To: .*(\r\n[ \t].*)*", ("To: %s <%s>" % (name, arg)).encode(), head)
    flags = "()" if action in ("claws", "fill-to") else r"(\Draft \Seen)"
    imap.append("Drafts", flags, None, head + b"\r\n\r\n" + body)
imap.uid("STORE", uid, "+FLAGS.SILENT", r"(\Deleted)")
imap.expunge()
imap.logout()
PY
}

seed --date "01-Oct-2026 09:00:00 +0000" INBOX "$fx/greenhouse-panel-itinerary.eml" \
	"$rd/panel-quillfeather.eml" >/dev/null
outside >"$AV_TMP/before"

expect_exit 0 "run" run
check "five drafts are in Drafts" test "$(drafts | grep -c '^[0-9]* (')" = 5
drafts >"$AV_TMP/d0"
if python3 - "$IMAP_PORT" "$IMAP_USER" "$IMAP_PASSWORD_FILE" <<'PY'; then pass "no draft names afterview in a header; each To says whose it is"; else fail "draft headers"; fi
import email, email.policy, imaplib, sys
imap = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
imap.login(sys.argv[2], open(sys.argv[3]).read().strip())
imap.select("Drafts", readonly=True)
typ, data = imap.uid("FETCH", "1:*", "(BODY.PEEK[HEADER])")
heads = [d[1] for d in data if isinstance(d, tuple)]
assert len(heads) == 5
names = set()
for h in heads:
    assert b"fterview" not in h, h
    m = email.message_from_bytes(h, policy=email.policy.default)
    names.add(m["To"].addresses[0].display_name if m["To"].addresses else m["To"].groups[0].display_name)
assert names == {"Renée Dubois", "Marcus Lee", "Jane Okafor [address missing]",
                 "Tomás Lindqvist [address missing]", "Mei-Ling Park [address missing]"}, names
PY

client claws "Renée Dubois"
client thunderbird "Marcus Lee"
client fill-to "Jane Okafor" jane.okafor@halcyon.example
client delete "Tomás Lindqvist"
client flag "Mei-Ling Park" '\Flagged $Important'
drafts >"$AV_TMP/d1"
check "the clients' work is in Drafts: four messages" test "$(grep -c '^[0-9]* (' "$AV_TMP/d1")" = 4
qid=$(status --json | python3 -c 'import json,sys; print([i["id"] for i in json.load(sys.stdin)["interviews"] if i["company"] == "Halcyon Robotics"][0])')
# the person's notes about Mei-Ling, written in $EDITOR: her draft is out of date now
printf '#!/bin/sh\nprintf "== Mei-Ling Park <no address> ==\\ndiscussed: the robot arm calibration story\\n" >"$1"\n' \
	>"$AV_TMP/editor"
chmod +x "$AV_TMP/editor"
expect_exit 0 "notes about Mei-Ling" env EDITOR="$AV_TMP/editor" VISUAL= \
	$AV_VALGRIND "$AFTERVIEW" -c "$conf" notes "$qid"
expect_exit 0 "... saved" $AV_VALGRIND "$AFTERVIEW" -c "$conf" notes "$qid" --print
expect_grep "... about the calibration story" "$AV_TMP/out" "robot arm calibration"

expect_exit 0 "a run after the person's clients saved, deleted and flagged" run
drafts >"$AV_TMP/d2"
check "it made no draft and changed nothing in Drafts (bytes and flags)" cmp "$AV_TMP/d1" "$AV_TMP/d2"
status --json >"$AV_TMP/status.json"
check "Renée (Claws: Message-ID kept, unseen, no \\Draft): edited" test "$(draft_of 'Renée Dubois')" = "edited None"
check "Marcus (a new Message-ID, the same To and Subject): edited" test "$(draft_of 'Marcus Lee')" = "edited None"
check "Jane (address filled in): edited, with the address she was given" \
	test "$(draft_of 'Jane Okafor')" = "edited jane.okafor@halcyon.example"
check "Tomás (deleted): removed" test "$(draft_of 'Tomás Lindqvist')" = "removed None"
check "Mei-Ling (flagged): edited, never replaced" test "$(draft_of 'Mei-Ling Park')" = "edited None"
status >"$AV_TMP/status.txt"
[ -z "${AV_SHOW:-}" ] || cat "$AV_TMP/status.txt" >&2
expect_grep "status shows the address the person wrote into Jane's draft" "$AV_TMP/status.txt" \
	"(address in your draft: jane.okafor@halcyon.example)"
check "... and only Tomás's draft is called gone, with the way to say it went out" \
	eval '[ "$(grep -c "draft gone, no thank-you in Sent" "$AV_TMP/status.txt")" = 1 ] &&
		grep -A1 "draft gone, no thank-you in Sent" "$AV_TMP/status.txt" |
		grep -q "afterview mark $qid thanked Tomás Lindqvist"'
check "status says 'you edited the draft' for Renée, Marcus, Jane and Mei-Ling" \
	test "$(grep -c 'you edited the draft' "$AV_TMP/status.txt")" = 4

expect_exit 0 "one more run" run
drafts >"$AV_TMP/d3"
check "... still nothing made or changed in Drafts" cmp "$AV_TMP/d1" "$AV_TMP/d3"
status --json >"$AV_TMP/status.json"
check "... and the edits are still edits (Marcus's copy found again by To and Subject)" \
	test "$(draft_of 'Marcus Lee')" = "edited None"

# the state lost: the copies are the person's, and afterview makes no second draft
rm -rf "$XDG_STATE_HOME"
expect_exit 0 "a run after the state database was lost" run
drafts >"$AV_TMP/d4"
check "... made no draft where the person has their own copy (same To and Subject)" \
	eval '[ "$(grep -c "^[0-9]* (" "$AV_TMP/d4")" -le 5 ] && ! diff "$AV_TMP/d1" "$AV_TMP/d4" | grep -q "^<"'

outside >"$AV_TMP/after"
check "outside Drafts the mailbox is unchanged" cmp "$AV_TMP/before" "$AV_TMP/after"
no_forbidden_commands
finish
