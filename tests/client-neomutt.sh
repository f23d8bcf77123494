#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A real NeoMutt, driven in tmux as a person would, on afterview's drafts in a throwaway
# Dovecot (issue 11): the drafts show in Drafts and in the list of postponed messages by
# the interviewer's name, also those without an address (their To an empty group naming
# the interviewer); one is recalled, edited and sent to a capture sendmail (no X-Afterview
# header goes out, it goes to the interviewer, it greets them by name); a draft without an
# address cannot be sent; another is recalled, edited and postponed again, and afterview
# then says "edited" and leaves Drafts alone; the one sent without a Sent copy gets the
# hint to mark it thanked; outside Drafts the mailbox is unchanged. Then a Spanish invite's
# drafts (issue 15): listed with their Spanish subject, one recalled, edited and sent.
# The screens are kept in $AV_TMP/screens (AV_SCREENSHOTS=DIR copies them there).
. "${srcdir:-$(dirname "$0")/..}/tests/e2e-imap-lib.sh"
for tool in neomutt tmux; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIP: $tool not installed (contrib/install-deps.sh installs it)"
		exit 77
	fi
done
rd=$srcdir/tests/data/run
fx=$srcdir/tests/data/invites
dovecot_start >/dev/null
export XDG_STATE_HOME=$AV_TMP/state
conf=$AV_TMP/conf
cat >"$conf" <<CONF
[me]
name = Sam Rivera
addresses = sam.rivera@example.net
skills = Go, Kubernetes and incident response
timezone = America/New_York
$(dovecot_account test)
timeout = 10
CONF
chmod 600 "$conf"
# the Quillfeather panel ended 15:00Z: Renée Dubois and Marcus Lee are pending; so are
# the Halcyon Robotics interviewers, whose addresses the invite does not give
now=2026-10-22T20:00:00Z

run() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" run --now "$now" "$@"; }
status() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" status --now "$now" "$@"; }
outside() { dump | awk '/^folder /{skip = ($2 == "Drafts")} !skip'; }
drafts() { dump --folder Drafts | grep -v '^folder'; }
n_drafts() { drafts | wc -l; }
# fetch_drafts DIR: every message in Drafts, read-only, as DIR/UID.eml
fetch_drafts() {
	rm -rf "$1" && mkdir -p "$1"
	python3 - "$IMAP_PORT" "$IMAP_USER" "$IMAP_PASSWORD_FILE" "$1" <<'PY'
import imaplib, re, sys
imap = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
imap.login(sys.argv[2], open(sys.argv[3]).read().strip())
imap.select("Drafts", readonly=True)
typ, data = imap.uid("FETCH", "1:*", "(UID BODY.PEEK[])")
for d in data:
    if isinstance(d, tuple):
        uid = re.search(rb"UID (\d+)", d[0]).group(1).decode()
        open("%s/%s.eml" % (sys.argv[4], uid), "wb").write(d[1])
imap.logout()
PY
}

seed --date "19-Oct-2026 15:02:11 +0000" INBOX "$rd/panel-quillfeather.eml" \
	"$fx/greenhouse-panel-itinerary.eml" >/dev/null
outside >"$AV_TMP/before"
expect_exit 0 "afterview run puts the drafts into Drafts" run
check "five drafts, one per interviewer" test "$(n_drafts)" = 5
fetch_drafts "$AV_TMP/d0"
# mid DIR TEXT: the Message-ID of the draft in DIR whose To has TEXT
mid() { python3 -c 'import email, glob, sys
for f in glob.glob(sys.argv[1] + "/*.eml"):
    m = email.message_from_binary_file(open(f, "rb"))
    if sys.argv[2] in (m["To"] or ""): print(m["Message-ID"])' "$@"; }
# uid DIR MESSAGE-ID: the UID of the draft in DIR with that Message-ID
uid() { python3 -c 'import email, glob, os, sys
for f in glob.glob(sys.argv[1] + "/*.eml"):
    if email.message_from_binary_file(open(f, "rb"))["Message-ID"] == sys.argv[2]:
        print(os.path.basename(f)[:-4])' "$@"; }
marcus_mid=$(mid "$AV_TMP/d0" "marcus.lee@")
check "Marcus Lee's draft has a Message-ID" test -n "$marcus_mid"
jane_mid=$(mid "$AV_TMP/d0" "Jane Okafor")
check "Jane Okafor's draft (no address) has a Message-ID" test -n "$jane_mid"
check "... and its To is an empty group that names her" \
	grep -qxF "To: \"Jane Okafor [address missing]\":;"$'\r' "$AV_TMP/d0/$(uid "$AV_TMP/d0" "$jane_mid").eml"

# wait_drafts DESC COND: within about 20 s, the Python expression COND holds for the list msgs
# of the messages in Drafts (email.message.EmailMessage); to(m) and body(m) are m's To
# ("" for none) and its text
wait_drafts() {
	for _ in $(seq 1 60); do
		fetch_drafts "$AV_TMP/d"
		if python3 - "$AV_TMP/d" "$2" <<'PY'; then pass "$1"; return 0; fi
import email, email.policy, glob, sys
msgs = [email.message_from_bytes(open(f, "rb").read(), policy=email.policy.default)
        for f in sorted(glob.glob(sys.argv[1] + "/*.eml"))]
def to(m): return str(m["To"] or "")
def body(m): return m.get_body(("plain",)).get_content()
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
		sleep 0.2
	done
	fail "$1"
	grep -H '^\(To\|Message-ID\):' "$AV_TMP"/d/*.eml | sed 's/^/    | /'
	return 1
}


# --- NeoMutt in tmux ---------------------------------------------------------------------
nm=$AV_TMP/nm
shots=$AV_TMP/screens
mkdir -p "$nm/tmp" "$nm/home" "$nm/sent" "$shots"
cat >"$nm/sendmail" <<EOF
#!/bin/sh
# the capture sendmail: one directory per message, its argv (one per line) and stdin
i=1
while ! mkdir "$nm/sent/\$i" 2>/dev/null; do i=\$((i + 1)); done
printf '%s\n' "\$@" >"$nm/sent/\$i/argv"
cat >"$nm/sent/\$i/msg"
: >"$nm/sent/\$i/done"
EOF
cat >"$nm/editor" <<EOF
#!/bin/sh
# the person's edit: the line in edit-line appended to the body
cat "$nm/edit-line" >>"\$1"
echo "\$1" >>"$nm/editor.log"
EOF
chmod +x "$nm/sendmail" "$nm/editor"
( umask 077; cat >"$nm/muttrc" <<EOF
set folder="imap://127.0.0.1:$IMAP_PORT/"
set imap_user="$IMAP_USER"
set imap_pass="$(cat "$IMAP_PASSWORD_FILE")"
set ssl_starttls=no ssl_force_tls=no
set spoolfile="+INBOX"
set postponed="+Drafts"
set record="" copy=no
set sendmail="$nm/sendmail"
set editor="$nm/editor"
set edit_headers=no
set confirmappend=no confirmcreate=no postpone=ask-yes recall=no delete=yes move=no
set abort_unmodified=no abort_noattach=no mark_old=no
set header_cache="" message_cachedir="" tmpdir="$nm/tmp" history_file="$nm/history"
set hostname="example.net" real_name="Sam Rivera" from="sam.rivera@example.net" use_from=yes
set charset="utf-8" send_charset="utf-8"
set sleep_time=0 wait_key=no beep=no mail_check_stats=no imap_check_subscribed=no
EOF
)
sock=$nm/tmux.sock
tm() { env -u TMUX tmux -S "$sock" "$@"; }
# at exit, also on failure: the screens are kept, the tmux server (and NeoMutt) stopped
nm_stop() {
	if [ -n "${AV_SCREENSHOTS:-}" ]; then
		mkdir -p "$AV_SCREENSHOTS"
		cp "$shots"/* "$AV_SCREENSHOTS"/ 2>/dev/null || true
	fi
	if [ -S "$sock" ]; then
		tm kill-server 2>/dev/null || true
	fi
	# the server hangs up on NeoMutt: wait until it is gone (a zombie is gone), else kill it
	[ -n "$nm_pid" ] || return 0
	for _ in $(seq 1 100); do
		case "$(ps -o stat= -p "$nm_pid" 2>/dev/null)" in
		"" | Z*) return 0 ;;
		esac
		sleep 0.05
	done
	kill -KILL "$nm_pid" 2>/dev/null || true
}
nm_pid=
dovecot_on_exit nm_stop

pane() { tm capture-pane -p -t nm 2>/dev/null; }
dump_pane() { echo "--- the NeoMutt screen:"; pane | sed 's/^/    | /'; }
# wait_for DESC TEXT: the screen shows TEXT within 20 s
wait_for() {
	for _ in $(seq 1 200); do
		if pane | grep -qF -- "$2"; then
			pass "$1"
			return 0
		fi
		sleep 0.1
	done
	fail "$1: '$2' not on the screen within 20 s"
	dump_pane
	return 1
}
# abort DESC: stop here (the next steps need this one)
abort() { echo "stopping: $1"; finish; exit 1; }
keys() { tm send-keys -t nm "$@"; }
shot() { tm capture-pane -p -e -t nm >"$shots/$1.ansi"; pane >"$shots/$1.txt"; }

# wait_file DESC FILE: FILE exists within 20 s
wait_file() {
	for _ in $(seq 1 200); do
		if [ -e "$2" ]; then
			pass "$1"
			return 0
		fi
		sleep 0.1
	done
	fail "$1: no $(basename "$2") within 20 s"
	dump_pane
	return 1
}
# folder NAME: change to folder NAME and wait for its index
folder() {
	keys c
	wait_for "change-folder asks which mailbox" "Open mailbox" || abort "no change-folder prompt"
	keys C-u "=$1" Enter
	wait_for "NeoMutt shows $1" "NeoMutt: +$1 [" || abort "$1 did not open"
}
# recall NAME: from the index, the list of postponed messages, then NAME's draft
recall() {
	keys R
	wait_for "the postponed messages are listed" "Postponed Messages" || abort "no list of postponed messages"
	keys /
	wait_for "... a search" "Search for:" || abort "no search prompt"
	keys C-u
	keys -l "~t '$1'"
	keys Enter Enter
	wait_for "$1's draft is open in the compose screen" "To: ${2:-$1}" || abort "no compose screen for $1"
}
n_edits() { wc -l <"$nm/editor.log" 2>/dev/null || echo 0; }
# edit LINE: the editor (the compose screen's e) appends LINE to the body
edit() {
	local before
	before=$(n_edits)
	printf '%s\n' "$1" >"$nm/edit-line"
	keys e
	for _ in $(seq 1 200); do
		[ "$(n_edits)" -gt "$before" ] && break
		sleep 0.1
	done
	check "the editor ran" test "$(n_edits)" -gt "$before"
	wait_for "... and NeoMutt is back in the compose screen" "NeoMutt: Compose" || abort "no compose screen after the edit"
}

# went_out N DESC ADDRESS GREETINGS EDIT [SUBJECT]: the Nth message sendmail got went to
# ADDRESS alone, from Sam, with no afterview header; its text opens with one of GREETINGS
# ("|" between them), holds EDIT, decodes cleanly, and its subject starts with SUBJECT
went_out() {
	if python3 - "$nm/sent/$1" "$3" "$4" "$5" "${6:-}" <<'PY'; then pass "$2"; else
import email, email.policy, sys
d, addr, greetings, edit, subject = sys.argv[1:6]
argv = open(d + "/argv").read().split("\n")[:-1]
raw = open(d + "/msg", "rb").read()
head = raw.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0].decode("ascii", "replace")
names = [l.split(":", 1)[0] for l in head.split("\n") if l and not l[0].isspace()]
bad = [n for n in names if n.lower().startswith("x-afterview")]
assert not bad, "afterview headers went out: %s" % bad
m = email.message_from_bytes(raw, policy=email.policy.default)
assert [a.addr_spec for a in m["To"].addresses] == [addr], m["To"]
assert "sam.rivera@example.net" in str(m["From"]), m["From"]
assert argv[-1] == addr, argv
assert [a for a in argv if "@" in a] == [addr], argv
assert str(m["Subject"]).startswith(subject), m["Subject"]
body = m.get_body(("plain",)).get_content()
assert body.lstrip().split("\n", 1)[0].startswith(tuple(greetings.split("|"))), body[:200]
assert edit in body, body
assert "\ufffd" not in body and "\u00c3" not in body, "mis-decoded text"
PY
		fail "$2"
		sed 's/^/    | /' "$nm/sent/$1/argv" "$nm/sent/$1/msg"
	fi
}
# nm_start N: NeoMutt in a new tmux session, in the INBOX of N messages
nm_start() {
	tm -f /dev/null new-session -d -s nm -x 120 -y 40 \
		env HOME="$nm/home" LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen \
		neomutt -n -F "$nm/muttrc"
	nm_pid=$(tm display-message -p -t nm '#{pane_pid}')
	wait_for "NeoMutt starts in the INBOX" "NeoMutt: +INBOX [Msgs:$1" || abort "NeoMutt did not start"
}
# nm_quit: q in the index, and NeoMutt is gone
nm_quit() {
	keys q
	for _ in $(seq 1 200); do
		tm has-session -t nm 2>/dev/null || break
		sleep 0.1
	done
	check "NeoMutt quit" eval '! tm has-session -t nm 2>/dev/null'
}
nm_start 2

# 1. the list: Drafts as an index, then the postponed messages
folder Drafts
wait_for "the Drafts index shows Renée Dubois's draft" "To Renée Dubois" || abort "list"
wait_for "... Marcus Lee's" "To Marcus Lee" || abort "list"
check "... each with its subject" test "$(pane | grep -c 'Thank you for the interview at Quillfeather')" = 2
# the drafts without an address: each shows whose it is (issue 11), not the sender
for who in "Jane Okafor" "Tomás Lindq" "Mei-Ling Par"; do
	check "the Drafts index shows whom the draft without an address is for: $who" \
		eval 'pane | grep -qF "Oct 22 To $who"'
done
check "... no draft shows only the sender, Sam Rivera" eval '! pane | grep -qF "Oct 22 Sam Rivera"'
shot drafts-index
folder INBOX
keys R
wait_for "the postponed messages are listed" "Postponed Messages" || abort "no list of postponed messages"
check "... five of them" test "$(pane | grep -c ' Oct 22 ')" = 5
wait_for "... Renée Dubois's among them" "To Renée Dubois" || abort "list"
shot postponed-list
keys q
wait_for "back in the INBOX" "NeoMutt: +INBOX [" || abort "no INBOX"

# 2. recall Renée Dubois's draft, edit, send
recall "Renée Dubois"
shot compose-renee
check "the compose screen shows no afterview header" eval '! pane | grep -qi "X-Afterview"'
edit "Merci encore pour votre temps. (sent from NeoMutt)"
keys y
wait_file "sendmail got the message" "$nm/sent/1/done" || abort "nothing sent"
wait_for "NeoMutt is back in the INBOX" "NeoMutt: +INBOX [" || abort "no INBOX after the send"
went_out 1 "the message that went out: to Renée, greeting her, with the edit, no X-Afterview header" \
	renee.dubois@quillfeather.example "Hi Renée|Dear Renée|Hello Renée" \
	"Merci encore pour votre temps. (sent from NeoMutt)"
check "nothing else was sent" test ! -e "$nm/sent/2"
fetch_drafts "$AV_TMP/d1"
check "NeoMutt took the sent draft out of Drafts" eval '! grep -lq "renee.dubois@" "$AV_TMP"/d1/*.eml'

# 3. a draft without an address (To: an empty group): NeoMutt shows the group's name and
# will not send it
recall "Jane Okafor" "Jane Okafor [address missing]"
keys y
wait_for "Send refuses a draft to an empty group" "No recipients specified" || abort "no refusal"
shot compose-group
check "... nothing went to sendmail" test ! -e "$nm/sent/2"
check "... and the compose screen stays open" eval 'pane | grep -qF "NeoMutt: Compose"'
keys P
wait_for "postponed again" "NeoMutt: +INBOX [" || abort "no INBOX after postponing"
# NeoMutt rewrites the group when it postpones (as "Jane Okafor [address missing]: ", no
# ";"): what matters here is that it is back in Drafts, still without an address
wait_drafts "Jane Okafor's draft is back in Drafts, its Message-ID kept, no address in it" \
	'[m for m in msgs if m["Message-ID"] == "'"$jane_mid"'" and "Jane Okafor" in to(m) and "@" not in to(m)]' || true

# 4. recall Marcus Lee's draft, edit it, postpone it
recall "Marcus Lee"
edit "I enjoyed our talk about on-call rotations."
shot compose-marcus
keys P
wait_for "NeoMutt postponed it" "NeoMutt: +INBOX [" || abort "no INBOX after postponing"
wait_drafts "Marcus Lee's edited draft is in Drafts with the Message-ID afterview gave it" \
	'[m for m in msgs if "marcus.lee@quillfeather.example" in to(m) and "on-call rotations" in body(m) and m["Message-ID"] == "'"$marcus_mid"'"]' ||
	abort "no edited draft for Marcus Lee"
marcus_uid=$(uid "$AV_TMP/d" "$marcus_mid")
check "Drafts holds four messages (Marcus Lee's, Halcyon's three)" test "$(n_drafts)" = 4

nm_quit

# 5. afterview on what NeoMutt left: the run notices the edit and leaves the draft alone
drafts >"$AV_TMP/drafts-before"
expect_exit 0 "afterview run after NeoMutt" run
expect_no_grep "... makes no draft" "$AV_TMP/out" "is in your Drafts"
drafts >"$AV_TMP/drafts-after"
check "... and leaves Drafts as it was (the edited draft byte for byte, the same count)" \
	cmp "$AV_TMP/drafts-before" "$AV_TMP/drafts-after"
expect_exit 0 "status" status
check "status: Marcus Lee's draft is edited and left alone" \
	eval 'grep -F "Marcus Lee" "$AV_TMP/out" | grep -qF "you edited the draft"'
status --json >"$AV_TMP/status.json" || true
if python3 - "$AV_TMP/status.json" "$marcus_mid" "$marcus_uid" "$jane_mid" <<'PY'; then pass "status --json: Marcus Lee's and Jane Okafor's drafts are edited, at their new UID, no address read from the group"; else fail "status --json: the drafts NeoMutt saved"; fi
import json, sys
d = json.load(open(sys.argv[1]))
by = {v["name"]: v for i in d["interviews"] for v in i["interviewers"]}
for name, mid in (("Marcus Lee", sys.argv[2]), ("Jane Okafor", sys.argv[4])):
    v = by[name]
    print("    %s: %s %s" % (name, json.dumps(v["draft"]), v["state"]))
    assert v["state"] == "drafted", v["state"]
    assert v["draft"] and "<%s>" % v["draft"]["message_id"].strip("<>") == mid, v["draft"]
    assert v["draft"]["state"] == "edited", v["draft"]
assert by["Marcus Lee"]["draft"]["uid"] == int(sys.argv[3]), by["Marcus Lee"]["draft"]
assert by["Jane Okafor"]["draft"]["address"] is None, by["Jane Okafor"]["draft"]
for name in ("Tomás Lindqvist", "Mei-Ling Park"):
    assert by[name]["draft"]["state"] == "afterview", by[name]["draft"]
PY
# Renée Dubois's thank-you went out from NeoMutt with no Sent copy ($record unset)
check "status: Renée Dubois's draft is gone and no thank-you is in Sent: the hint to mark it" \
	eval 'grep -A1 "Renée Dubois  " "$AV_TMP/out" | grep -qF "draft gone, no thank-you in Sent"'
qid=$(python3 -c 'import json,sys; print([i["id"] for i in json.load(open(sys.argv[1]))["interviews"] if i["company"] == "Quillfeather"][0])' "$AV_TMP/status.json")
expect_exit 0 "mark the thank-you NeoMutt sent" av -c "$conf" mark "$qid" thanked "Renée Dubois"
status --json >"$AV_TMP/status.json" || true
check "... and Renée Dubois is thanked" eval 'python3 -c "import json,sys; print([v[\"state\"] for i in json.load(open(sys.argv[1]))[\"interviews\"] for v in i[\"interviewers\"] if v[\"name\"] == \"Renée Dubois\"][0])" "$AV_TMP/status.json" | grep -qx "thanked"'
expect_exit 0 "one more run" run
expect_no_grep "... makes no draft" "$AV_TMP/out" "is in your Drafts"
drafts >"$AV_TMP/drafts-after"
check "... and leaves Drafts as it was" cmp "$AV_TMP/drafts-before" "$AV_TMP/drafts-after"
outside >"$AV_TMP/after"
check "outside Drafts the mailbox is unchanged" cmp "$AV_TMP/before" "$AV_TMP/after"

# 6. a draft in Spanish (issue 15): Sam writes Spanish too; the Spanish invite's drafts
# are listed, one is recalled, edited and sent as a person would
sed -i 's/^timezone = America\/New_York$/&\nlanguages = en, es/' "$conf"
seed --date "15-Oct-2026 12:00:00 +0000" INBOX "$srcdir/tests/data/language/es-google.eml" \
	>/dev/null
outside >"$AV_TMP/before-es"
expect_exit 0 "afterview run with a Spanish invite (languages = en, es)" run
check "... two drafts more, Marta Gómez's and Joaquín Ibáñez's" test "$(n_drafts)" = 6
nm_start 3
folder Drafts
wait_for "the Drafts index shows Marta Gómez's draft" "To Marta Gómez" || abort "list"
wait_for "... Joaquín Ibáñez's (the column cuts the name)" "To Joaquín Ibáñ" || abort "list"
check "... both with their Spanish subject, decoded" \
	test "$(pane | grep -c 'Gracias por la entrevista')" = 2
shot drafts-index-es
folder INBOX
recall "Marta Gómez"
check "the compose screen shows the Spanish subject" \
	eval 'pane | grep -q "Subject: Gracias por la entrevista"'
shot compose-marta
edit "Un saludo cordial, y gracias de nuevo. (enviado desde NeoMutt)"
keys y
wait_file "sendmail got the Spanish message" "$nm/sent/2/done" || abort "nothing sent"
wait_for "NeoMutt is back in the INBOX" "NeoMutt: +INBOX [" || abort "no INBOX after the send"
went_out 2 "the Spanish message that went out: to Marta, \"Buenos días, Marta:\", the Spanish subject, the edit, UTF-8 intact" \
	marta.gomez@datalumen.example "Buenos días, Marta:" \
	"Un saludo cordial, y gracias de nuevo. (enviado desde NeoMutt)" "Gracias por la entrevista"
check "nothing else was sent" test ! -e "$nm/sent/3"
nm_quit
outside >"$AV_TMP/after-es"
check "outside Drafts the mailbox is unchanged (since the Spanish invite came)" \
	cmp "$AV_TMP/before-es" "$AV_TMP/after-es"
finish
