#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The interview's language (issue 15), against a real Dovecot. Sam writes English and
# Spanish (languages = en, es), not German:
#   es-google  Spanish Google invite, a panel of two     -> "language": "es"
#   de-google  German Google invite, a panel of two      -> "language": "de", fallen back:
#              the drafts in English, and run says so once (a second run does not)
#   fr-google  French, but [company lumiere-data.example] language = es -> "es" (config)
# then `mark ID language es` on the German one (its unedited drafts made anew), and
# `mark ID language auto` back; at last Sam adds German to languages: German drafts.
# Every draft parses strictly, and a panel's two drafts differ; the drafts are written in
# the language decided (the Spanish ones greet "Buenos días, Marta:" under a Spanish
# subject, the fallen-back German ones are English), and after the mark in Spanish.
. "${srcdir:-$(dirname "$0")/..}/tests/e2e-imap-lib.sh"
command -v python3 >/dev/null || {
	echo "SKIP: python3 is needed to read the drafts and the JSON"
	exit 77
}
lx=$srcdir/tests/data/language
dovecot_start >/dev/null
export XDG_STATE_HOME=$AV_TMP/state
conf=$AV_TMP/conf
cat >"$conf" <<CONF
[me]
name = Sam Rivera
addresses = sam.rivera@example.net, samr@example.net
languages = en, es
timezone = America/New_York
$(dovecot_account test)
timeout = 10

[company lumiere-data.example]
language = es
CONF
chmod 600 "$conf"
now=2026-10-22T20:00:00Z

run() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" run --now "$now" "$@" 2>>"$AV_TMP/all-err"; }
status() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" status --now "$now" "$@"; }
av_mark() { $AV_VALGRIND "$AFTERVIEW" -c "$conf" mark "$@"; }
# field SUMMARY-START KEY: the interview's KEY in status --json ("-" when absent)
field() {
	python3 -c 'import json,sys
for i in json.load(open(sys.argv[1]))["interviews"]:
    if (i["summary"] or "").startswith(sys.argv[2]):
        print(i.get(sys.argv[3], "-"))' "$AV_TMP/status.json" "$1" "$2"
}

# greetings [subject]: each draft's addressee and first body line (or Subject), one per line
greetings() {
	python3 - "$IMAP_PORT" "$IMAP_USER" "$IMAP_PASSWORD_FILE" "${1:-body}" <<'PY'
import email, email.policy, imaplib, sys
imap = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
imap.login(sys.argv[2], open(sys.argv[3]).read().strip())
imap.select("Drafts", readonly=True)
typ, data = imap.uid("FETCH", "1:*", "(BODY.PEEK[])")
for d in data:
    if isinstance(d, tuple):
        m = email.message_from_bytes(d[1], policy=email.policy.default)
        text = m.get_body(("plain",)).get_content()
        who = m["To"].addresses[0].display_name
        print("%s: %s" % (who, text.splitlines()[0]) if sys.argv[4] == "body" else
              "%s: %s" % (who, m["Subject"]))
PY
}
subjects() { greetings subject; }

seed --date "15-Oct-2026 12:00:00 +0000" INBOX "$lx/es-google.eml" "$lx/de-google.eml" \
	"$lx/fr-google.eml" >/dev/null

expect_exit 0 "run" run
cp "$AV_TMP/out" "$AV_TMP/run1"
[ -z "${AV_SHOW:-}" ] || cat "$AV_TMP/run1" >&2
check "five drafts are in Drafts" test "$(dump --folder Drafts | grep -c '^[0-9]* (')" = 5
check "run tells of the German interview once: drafts in English, how to write German" \
	test "$(grep -c 'Vorstellungsgespräch.*is in German; you write en, es: the drafts are in English. Add `languages = en, es, de` to \[me\] to write in German.' "$AV_TMP/run1")" = 1
check "... and of nothing else's language" \
	test "$(grep -c ' is in [A-Z][a-z]*; you write' "$AV_TMP/run1")" = 1

expect_exit 0 "status --json" status --json
cp "$AV_TMP/out" "$AV_TMP/status.json"
check "the Spanish interview: \"language\": \"es\", from the invite" \
	test "$(field Entrevista language) $(field Entrevista language_from)" = "es invite"
check "... not fallen back" test "$(field Entrevista language_fallback)" = "-"
check "the German interview: \"language\": \"de\", \"language_fallback\": true" \
	test "$(field Vorstellungsgespräch language) $(field Vorstellungsgespräch language_fallback)" = "de True"
check "the French invite of a company set to Spanish: \"es\" from the config" \
	test "$(field Entretien language) $(field Entretien language_from)" = "es config"

expect_exit 0 "status" status
cp "$AV_TMP/out" "$AV_TMP/status.txt"
expect_grep "status names the Spanish interview's language" "$AV_TMP/status.txt" \
	"in Spanish (from the invite): the drafts are in Spanish"
expect_grep "status says the German interview's drafts are in English" "$AV_TMP/status.txt" \
	"is in German; you write en, es: the drafts are in English"

if python3 - "$IMAP_PORT" "$IMAP_USER" "$IMAP_PASSWORD_FILE" <<'PY'; then pass "every draft parses strictly; each panel's two drafts differ"; else fail "drafts"; fi
import email, email.policy, imaplib, sys
imap = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
imap.login(sys.argv[2], open(sys.argv[3]).read().strip())
imap.select("Drafts", readonly=True)
typ, data = imap.uid("FETCH", "1:*", "(BODY.PEEK[])")
body, subject = {}, {}
for d in data:
    if not isinstance(d, tuple):
        continue
    raw = d[1]
    assert b"\r\n\r\n" in raw and all(len(l) <= 998 for l in raw.split(b"\r\n")), "lines"
    m = email.message_from_bytes(raw, policy=email.policy.strict)
    assert not m.defects, m.defects
    for k in ("From", "To", "Subject", "Date", "Message-ID"):
        assert m[k] is not None, k
        str(m[k])  # the strict policy raises on a header it cannot parse
    to = m["To"].addresses[0].display_name
    body[to] = m.get_body(("plain",)).get_content()
    subject[to] = str(m["Subject"])
assert set(body) == {"Marta Gómez", "Joaquín Ibáñez", "Anna Schulz", "Tobias Brandt",
                     "Claire Martin"}, set(body)
assert body["Marta Gómez"] != body["Joaquín Ibáñez"]
assert body["Anna Schulz"] != body["Tobias Brandt"]
for who in ("Marta Gómez", "Joaquín Ibáñez", "Claire Martin"):
    first = who.split()[0]
    assert body[who].startswith("Buenos días, %s:" % first), (who, body[who][:80])
    assert subject[who].startswith("Gracias por la entrevista"), (who, subject[who])
    assert "Thank" not in body[who], who
for who in ("Anna Schulz", "Tobias Brandt"):
    assert body[who].startswith("Dear %s," % who.split()[0]), (who, body[who][:80])
    assert subject[who].startswith("Thank you for the interview"), (who, subject[who])
PY

expect_exit 0 "a second run" run
cp "$AV_TMP/out" "$AV_TMP/run2"
check "... does not tell of the German interview again" \
	eval '! grep -q "is in German" "$AV_TMP/run2"'

gid=$(field Vorstellungsgespräch id)
expect_exit 0 "mark the German interview Spanish" av_mark "$gid" language ES
expect_grep "... said" "$AV_TMP/out" "marked as in Spanish"
expect_exit 0 "status --json" status --json
cp "$AV_TMP/out" "$AV_TMP/status.json"
check "... \"es\" from the mark, not fallen back" \
	test "$(field Vorstellungsgespräch language) $(field Vorstellungsgespräch language_from) $(field Vorstellungsgespräch language_fallback)" = "es mark -"
expect_exit 0 "a run after the mark" run
check "... made the German panel's two unedited drafts anew (in the marked language)" \
	test "$(grep -c 'was made anew' "$AV_TMP/out")" = 2
check "... five drafts still" test "$(dump --folder Drafts | grep -c '^[0-9]* (')" = 5
check "... the German panel's drafts now greet in Spanish" \
	test "$(greetings | grep -c '^\(Anna Schulz\|Tobias Brandt\): Buenos días, \(Anna\|Tobias\):$')" = 2
expect_exit 0 "explain says so" $AV_VALGRIND "$AFTERVIEW" -c "$conf" explain "$gid"
expect_grep "... with the invite's reasons" "$AV_TMP/out" "(the invite) description: de"
expect_exit 64 "an unknown language is refused" av_mark "$gid" language it
expect_grep "... naming the ones there are" "$AV_TMP/err" "en, es, de, fr, or auto"
expect_exit 0 "mark it auto again" av_mark "$gid" language auto
expect_grep "... said" "$AV_TMP/out" "read from the invite again"
expect_exit 0 "status --json" status --json
cp "$AV_TMP/out" "$AV_TMP/status.json"
check "... German from the invite again" \
	test "$(field Vorstellungsgespräch language) $(field Vorstellungsgespräch language_from)" = "de invite"
expect_exit 0 "a run after taking the mark back" run
check "... made the two drafts anew again" test "$(grep -c 'was made anew' "$AV_TMP/out")" = 2
check "... and does not tell of German again (told once per language)" \
	eval '! grep -q "is in German" "$AV_TMP/out"'

# Sam adds German: the German panel's unedited drafts are made anew, in German
sed -i 's/^languages = en, es$/languages = en, es, de/' "$conf"
expect_exit 0 "a run after adding de to [me] languages" run
check "... made the German panel's two drafts anew" test "$(grep -c 'was made anew' "$AV_TMP/out")" = 2
check "... and they greet in German (formal: the full name, no gender guessed)" \
	test "$(greetings | grep -c '^\(Anna Schulz\|Tobias Brandt\): Guten Tag \(Anna Schulz\|Tobias Brandt\),$')" = 2
check "... under a German subject" \
	test "$(subjects | grep -c '^\(Anna Schulz\|Tobias Brandt\): Vielen Dank für das Gespräch')" = 2
expect_exit 0 "status --json" status --json
cp "$AV_TMP/out" "$AV_TMP/status.json"
check "... \"de\", not fallen back" \
	test "$(field Vorstellungsgespräch language) $(field Vorstellungsgespräch language_fallback)" = "de -"
check "... five drafts still" test "$(dump --folder Drafts | grep -c '^[0-9]* (')" = 5

no_forbidden_commands
finish
