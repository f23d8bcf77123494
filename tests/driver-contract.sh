#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The driver contract (include/afterview/driver.h), shared by the drivers: the same
# scenario gives the same drafts through each. Every scenario runs
#   (a) through the IMAP driver (plugin/imap.c): `afterview run` against a throwaway
#       Dovecot, the drafts read back from Drafts over IMAP (python3's imaplib), and
#   (b) through the in-memory driver (tests/mem-driver.c): tests/tools/av-mem-run, the
#       same run over the same messages with the same INTERNALDATEs;
# each twice: the drafts, as sorted "To | Subject" lines, must be the same through both,
# and the second run adds nothing through either. The scenarios take different paths
# through the engine:
#   try-it     the try-it sample mailbox (contrib/try-it.sh): interviews, a dentist, a
#              webinar, a rescheduled one, thank-yous and a late one in Sent
#   panel      a panel with addresses missing (an empty group "Name [address missing]:;"
#              in To) and Renée already thanked in Sent (no draft to her)
#   language   Spanish, German and French invites, Sam writing en and es, a company in
#              the config written to in Spanish: Spanish subjects, German fallen back
#   cancelled  an interview cancelled before the run (no draft to its panel) beside a
#              panel that took place (its drafts)
#   own-draft  the person wrote their thank-you to Renée themselves, in Drafts, under the
#              subject afterview would give it: no draft of afterview's to her (found by
#              subject and To), one to Marcus
# The Claws Mail driver (plugin/claws/driver-claws.c) is compared with the IMAP one in
# tests/client-claws-plugin.sh (it needs Claws under Xvfb).
. "${srcdir:-$(dirname "$0")/..}/tests/e2e-imap-lib.sh"
command -v python3 >/dev/null || {
	echo "SKIP: python3 is needed to read the drafts over IMAP"
	exit 77
}
AV_MEM_RUN=$(find_tool av-mem-run "${AV_MEM_RUN:-}")
fx=$srcdir/tests/data/invites
rd=$srcdir/tests/data/run
lx=$srcdir/tests/data/language
sd=$srcdir/tests/data/sent
dovecot_start >/dev/null
now=2026-10-22T20:00:00Z

# imap_py ACTION: "drafts" prints Drafts as sorted "To | Subject" lines (To: the
# addresses, lower case, or an empty group's name and ":;"; Subject decoded, blanks
# collapsed: what av-mem-run prints); "empty" removes every message from INBOX, Sent and
# Drafts (between scenarios).
imap_py() {
	python3 - "$IMAP_PORT" "$IMAP_USER" "$IMAP_PASSWORD_FILE" "$1" <<'PY'
import email, email.policy, imaplib, sys
imap = imaplib.IMAP4("127.0.0.1", int(sys.argv[1]))
imap.login(sys.argv[2], open(sys.argv[3]).read().strip())
if sys.argv[4] == "empty":
    for f in ("INBOX", "Sent", "Drafts"):
        typ, _ = imap.select(f)
        if typ != "OK":
            continue
        typ, data = imap.uid("SEARCH", None, "ALL")
        if data and data[0]:
            imap.uid("STORE", b",".join(data[0].split()).decode(), "+FLAGS.SILENT", r"(\Deleted)")
            imap.expunge()
        imap.close()
else:
    imap.select("Drafts", readonly=True)
    typ, data = imap.uid("FETCH", "1:*", "(BODY.PEEK[])")
    out = []
    for d in data:
        if not isinstance(d, tuple):
            continue
        m = email.message_from_bytes(d[1], policy=email.policy.default)
        to = m["To"]
        if to is None:
            t = "(no To)"
        elif to.addresses:
            t = ", ".join(a.addr_spec.lower() for a in to.addresses)
        else:
            t = to.groups[0].display_name + ":;"
        s = m["Subject"]
        out.append("%s | %s" % (t, "(no Subject)" if s is None else " ".join(str(s).split())))
    for line in sorted(out):
        print(line)
imap.logout()
PY
}

# seed_args ARGS...: av-mem-run's mailbox arguments (--folder F --date D FILE...) seeded
# into Dovecot the same way
seed_args() {
	local folder=INBOX date="" files=()
	flush() {
		if [ "${#files[@]}" -gt 0 ]; then
			seed --create --date "$date" "$folder" "${files[@]}" >/dev/null
		fi
		files=()
	}
	while [ $# -gt 0 ]; do
		case "$1" in
		--folder) flush; folder=$2; shift 2 ;;
		--date) flush; date=$2; shift 2 ;;
		*) files+=("$1"); shift ;;
		esac
	done
	flush
}

# scenario NAME CONF-LINES MAILBOX-ARGS...: both drivers, twice each, compared; leaves
# the drafts' lines in $AV_TMP/NAME/mem (and imap1, imap2)
scenario() {
	local name=$1 extra=$2 d=$AV_TMP/$1 n1 n2
	shift 2
	mkdir -p "$d"
	printf '%s\n' "[me]" "name = Sam Rivera" "addresses = sam.rivera@example.net, samr@example.net" \
		"skills = Go, Kubernetes and incident response" "timezone = America/New_York" \
		"$extra" "" >"$d/conf"
	dovecot_account test >>"$d/conf"
	chmod 600 "$d/conf"
	imap_py empty
	seed_args "$@"
	# (a) the IMAP driver
	# shellcheck disable=SC2086
	expect_exit 0 "$name: afterview run (IMAP)" env XDG_STATE_HOME="$d/imap-state" \
		$AV_VALGRIND "$AFTERVIEW" -c "$d/conf" run --now "$now"
	imap_py drafts >"$d/imap1"
	# shellcheck disable=SC2086
	expect_exit 0 "$name: afterview run again (IMAP)" env XDG_STATE_HOME="$d/imap-state" \
		$AV_VALGRIND "$AFTERVIEW" -c "$d/conf" run --now "$now"
	imap_py drafts >"$d/imap2"
	# (b) the driver in memory
	# shellcheck disable=SC2086
	expect_exit 0 "$name: av-mem-run --runs 2 (in memory)" \
		$AV_VALGRIND "$AV_MEM_RUN" -c "$d/conf" --state "$d/mem-state" --now "$now" --runs 2 "$@"
	cp "$AV_TMP/out" "$d/mem"
	cp "$AV_TMP/err" "$d/mem.err"
	[ -z "${AV_SHOW:-}" ] || sed "s/^/    $name: /" "$d/imap1" >&2
	check "$name: drafts were made ($(grep -c . "$d/imap1" || true))" test -s "$d/imap1"
	if cmp -s "$d/imap1" "$d/mem"; then
		pass "$name: the same drafts through the IMAP driver and the one in memory"
	else
		fail "$name: the drafts differ between the drivers (< IMAP, > in memory)"
		diff "$d/imap1" "$d/mem" | sed 's/^/    /' || true
	fi
	check "$name: IMAP: the second run added nothing" cmp -s "$d/imap1" "$d/imap2"
	n1=$(sed -n 's/^av-mem-run: run 1: .*, Drafts \([0-9]*\)$/\1/p' "$d/mem.err")
	n2=$(sed -n 's/^av-mem-run: run 2: made 0, .*, Drafts \([0-9]*\)$/\1/p' "$d/mem.err")
	if [ -n "$n1" ] && [ "$n1" = "$n2" ]; then
		pass "$name: in memory: the second run added nothing ($n1 drafts)"
	else
		fail "$name: in memory: the second run added drafts"
		grep '^av-mem-run: run' "$d/mem.err" | sed 's/^/    /' || true
	fi
}

scenario try-it "" \
	--folder INBOX --date "15-Oct-2026 09:00:00 +0000" "$fx/google-phone-screen.eml" \
	"$fx/lever-interviewers-list.eml" "$fx/greenhouse-panel-itinerary.eml" \
	"$rd/panel-quillfeather.eml" "$rd/group-lumenharbor.eml" "$fx/not-dentist-appointment.eml" \
	"$fx/not-webinar-ace-your-interview.eml" "$fx/reschedule-1-original-seq0.eml" \
	"$fx/reschedule-2-moved-seq1.eml" \
	--folder Sent --date "22-Oct-2026 19:00:00 +0000" "$sd/thanks-priya.eml" \
	"$rd/sent-group-lumen.eml" "$rd/sent-late-hana.eml" "$rd/sent-accepted-marcus.eml"

scenario panel "" \
	--folder INBOX --date "15-Oct-2026 09:00:00 +0000" "$rd/panel-quillfeather.eml" \
	"$fx/greenhouse-panel-itinerary.eml" \
	--folder Sent --date "22-Oct-2026 19:00:00 +0000" "$rd/sent-thanks-renee.eml"
check "panel: a draft to an empty group for an address missing" \
	grep -qE '^[^|]* \[address missing\]:; \| ' "$AV_TMP/panel/mem"
check "panel: no draft to Renée, thanked in Sent" \
	eval '! grep -q "renee.dubois@" "$AV_TMP/panel/mem"'
check "panel: a draft to Marcus, not thanked" grep -q '^marcus\.lee@' "$AV_TMP/panel/mem"

scenario language "languages = en, es
[company lumiere-data.example]
language = es" \
	--folder INBOX --date "15-Oct-2026 12:00:00 +0000" "$lx/es-google.eml" "$lx/de-google.eml" \
	"$lx/fr-google.eml"
check "language: Spanish subjects (the Spanish invite, the company written to in Spanish)" \
	test "$(grep -c 'Gracias por la entrevista' "$AV_TMP/language/mem" || true)" -ge 3
check "language: the German interview's drafts fall back to English" \
	grep -q '| Thank' "$AV_TMP/language/mem"

scenario cancelled "" \
	--folder INBOX --date "15-Oct-2026 09:00:00 +0000" "$rd/panel-quillfeather.eml" \
	"$fx/greenhouse-panel-itinerary.eml" \
	--date "16-Oct-2026 09:00:00 +0000" "$rd/cancel-greenhouse.eml"
check "cancelled: no draft for the cancelled panel" \
	eval '! grep -qi "address missing\|halcyon" "$AV_TMP/cancelled/mem"'
check "cancelled: the drafts for the panel that took place" \
	test "$(grep -c "@quillfeather.example | " "$AV_TMP/cancelled/mem" || true)" = 2

cat >"$AV_TMP/own-draft.eml" <<'EML'
Date: Thu, 22 Oct 2026 18:30:00 +0000
From: Sam Rivera <sam.rivera@example.net>
To: =?UTF-8?Q?Ren=C3=A9e_Dubois?= <renee.dubois@quillfeather.example>
Subject: Thank you for the interview at Quillfeather
Message-ID: <own-1@example.net>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Dear Renée, thank you for this morning. I wrote this one myself.
EML
scenario own-draft "" \
	--folder INBOX --date "15-Oct-2026 09:00:00 +0000" "$rd/panel-quillfeather.eml" \
	--folder Drafts --date "22-Oct-2026 18:30:00 +0000" "$AV_TMP/own-draft.eml"
check "own-draft: Renée's is the person's own, Marcus's is afterview's" test "$(cat "$AV_TMP/own-draft/mem")" = \
	"marcus.lee@quillfeather.example | Thank you for the interview at Quillfeather
renee.dubois@quillfeather.example | Thank you for the interview at Quillfeather"

finish
