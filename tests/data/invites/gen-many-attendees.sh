#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Regenerates malformed-3000-attendees.eml next to this script (the output is committed).
# An Exchange Online "Q4 All-Hands" invite whose calendar lists 3000 ATTENDEEs (2999
# invented colleagues, 60 first names x 50 last names minus one slot, plus Sam as
# sam.rivera@example.net at position 1234). The text/calendar part is base64 as Exchange
# sends it. The output is deterministic: running this again gives identical bytes.
# Needs only POSIX sh, awk, sed and coreutils base64.
set -eu
LC_ALL=C
export LC_ALL
cd "$(dirname "$0")"
out=malformed-3000-attendees.eml
bnd=_000_PH0PR07MB8412C3A9F1E24B7D8E6A5C4B3F2E1D0CPH0PR07MB8412namp_
uid=040000008200E00074C5B7101A82E00800000000D4C3B2A1F0E9D8C7000000000000000010000000A1B2C3D4E5F60718293A4B5C6D7E8F90

# The calendar, LF line ends, unfolded.
calendar() {
	awk -v uid="$uid" 'BEGIN {
	split("Aaron Abigail Adrian Aisha Alan Alice Amir Ana Andre Anya Ben Bianca Carlos Chloe Chris " \
	      "Dana David Elena Eli Emma Felix Fiona Gabe Grace Hugo Ines Ivan Jade James Jana " \
	      "Kai Kara Leo Lina Luca Maya Mei Milo Nadia Nate Nina Noah Olga Omar Paula Pedro " \
	      "Quinn Rosa Ruben Sara Sean Tara Theo Uma Victor Wanda Xavier Yara Yusuf Zoe", F, " ")
	split("Abbott Baker Castillo Dalton Ellis Fischer Garcia Hughes Ibarra Jensen Kaur Larsen " \
	      "Moreno Novak Olsen Patel Quintero Rossi Sato Tanaka Underwood Vargas Walsh Xu Young " \
	      "Zimmer Andersen Brooks Chen Diaz Evans Ford Gupta Hale Ito Jones Kim Lopez Murphy " \
	      "Nguyen Ortiz Price Reyes Singh Torres Uddin Vance Ward Yilmaz Zhou", L, " ")
	print "BEGIN:VCALENDAR"
	print "METHOD:REQUEST"
	print "PRODID:Microsoft Exchange Server 2010"
	print "VERSION:2.0"
	print "BEGIN:VTIMEZONE"
	print "TZID:Pacific Standard Time"
	print "BEGIN:STANDARD"
	print "DTSTART:16010101T020000"
	print "TZOFFSETFROM:-0700"
	print "TZOFFSETTO:-0800"
	print "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=11"
	print "END:STANDARD"
	print "BEGIN:DAYLIGHT"
	print "DTSTART:16010101T020000"
	print "TZOFFSETFROM:-0800"
	print "TZOFFSETTO:-0700"
	print "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=2SU;BYMONTH=3"
	print "END:DAYLIGHT"
	print "END:VTIMEZONE"
	print "BEGIN:VEVENT"
	print "ORGANIZER;CN=Tessellate Internal Communications:mailto:comms@tessellate.example"
	n = 0
	for (l = 1; l <= 50; l++) for (f = 1; f <= 60; f++) {
		n++
		if (n == 1234) {
			print "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Sam Rivera:mailto:sam.rivera@example.net"
			continue
		}
		print "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=" F[f] " " L[l] \
		      ":mailto:" tolower(F[f]) "." tolower(L[l]) "@tessellate.example"
	}
	print "DESCRIPTION;LANGUAGE=en-US:Q4 All-Hands: results\\, roadmap for 2027 and open Q&A. Agenda and livestream link to follow.\\n"
	print "UID:" uid
	print "SUMMARY;LANGUAGE=en-US:Q4 All-Hands"
	print "DTSTART;TZID=Pacific Standard Time:20261105T120000"
	print "DTEND;TZID=Pacific Standard Time:20261105T130000"
	print "CLASS:PUBLIC"
	print "PRIORITY:5"
	print "DTSTAMP:20261019T160000Z"
	print "TRANSP:OPAQUE"
	print "STATUS:CONFIRMED"
	print "SEQUENCE:0"
	print "LOCATION;LANGUAGE=en-US:Main auditorium / livestream"
	print "X-MICROSOFT-CDO-APPT-SEQUENCE:0"
	print "X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE"
	print "X-MICROSOFT-CDO-INTENDEDSTATUS:BUSY"
	print "X-MICROSOFT-CDO-ALLDAYEVENT:FALSE"
	print "X-MICROSOFT-CDO-IMPORTANCE:1"
	print "X-MICROSOFT-CDO-INSTTYPE:0"
	print "X-MICROSOFT-DONOTFORWARDMEETING:FALSE"
	print "X-MICROSOFT-DISALLOW-COUNTER:FALSE"
	print "END:VEVENT"
	print "END:VCALENDAR"
	}'
}

# Fold at 75 octets (all ASCII here), continuation lines start with one space; CRLF ends.
fold75() {
	awk '{
		line = $0; out = substr(line, 1, 75); rest = substr(line, 76)
		while (length(rest) > 0) { out = out "\r\n " substr(rest, 1, 74); rest = substr(rest, 75) }
		printf "%s\r\n", out
	}'
}

crlf() { sed 's/$/\r/'; }

{
	crlf <<EOF
Delivered-To: sam.rivera@example.net
Received: from ph0pr07mb8412.outbound.protection.outlook.com
	(ph0pr07mb8412.outbound.protection.outlook.com [198.51.100.77])
	by mx1.example.net (Postfix) with ESMTPS id 4F2A9C1B7E3
	for <sam.rivera@example.net>; Mon, 19 Oct 2026 16:00:00 +0000
From: Tessellate Internal Communications <comms@tessellate.example>
To: Tessellate Everyone <everyone@tessellate.example>
Subject: Q4 All-Hands
Thread-Topic: Q4 All-Hands
Thread-Index: AdxCq9N0l2b7y3xKQmS1r8vT4c6e1w==
Date: Mon, 19 Oct 2026 16:00:00 +0000
Message-ID:
 <PH0PR07MB8412C3A9F1E24B7D8E6A5C4B3F2E1D0C@PH0PR07MB8412.namprd07.prod.outlook.com>
Accept-Language: en-US
Content-Language: en-US
X-MS-Has-Attach: 
X-MS-TNEF-Correlator: 
MIME-Version: 1.0
Content-Type: multipart/alternative;
	boundary="$bnd"

--$bnd
Content-Type: text/plain; charset="us-ascii"
Content-Transfer-Encoding: quoted-printable

Q4 All-Hands: results, roadmap for 2027 and open Q&A. Agenda and livestream=
 link to follow.

--$bnd
Content-Type: text/html; charset="us-ascii"
Content-Transfer-Encoding: quoted-printable

<html>
<head>
<meta http-equiv=3D"Content-Type" content=3D"text/html; charset=3Dus-ascii">
</head>
<body>
<div>Q4 All-Hands: results, roadmap for 2027 and open Q&amp;A. Agenda and l=
ivestream link to follow.</div>
</body>
</html>

--$bnd
Content-Type: text/calendar; charset="utf-8"; method=REQUEST
Content-Transfer-Encoding: base64

EOF
	calendar | fold75 | base64 -w 76 | crlf
	crlf <<EOF

--$bnd--
EOF
} >"$out"
