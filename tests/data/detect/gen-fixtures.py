#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Regenerates the .eml fixtures in this directory (the output is committed; running this
again gives identical bytes). Each message is built the way its sending product builds
it; the .expect files are written by hand. Needs only python3."""
import base64
import os

HERE = os.path.dirname(os.path.abspath(__file__))
BOILER = os.path.join(HERE, "..", "boilerplate")


def fold(line):
    """RFC 5545 folding: content lines of at most 75 octets."""
    raw = line.encode("utf-8")
    out, cur = [], b""
    for ch in line:
        b = ch.encode("utf-8")
        limit = 75 if not out else 74
        if len(cur) + len(b) > limit:
            out.append(cur)
            cur = b""
        cur += b
    out.append(cur)
    del raw
    return b"\r\n ".join(out).decode("utf-8")


def esc(text):
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\n").replace("\n", "\\n"))


def calendar(method, props, attendees, prodid):
    lines = ["BEGIN:VCALENDAR", "PRODID:" + prodid, "VERSION:2.0", "CALSCALE:GREGORIAN",
             "METHOD:" + method, "BEGIN:VEVENT"]
    for k, v in props:
        lines.append(k + v)
    lines += attendees
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(l) + "\r\n" for l in lines)


def crlf(text):
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def block(name):
    with open(os.path.join(BOILER, name + ".txt"), encoding="utf-8") as f:
        return f.read().rstrip("\n")


def b64(text):
    enc = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return "\r\n".join(enc[i:i + 76] for i in range(0, len(enc), 76)) + "\r\n"


def write(name, headers, body):
    with open(os.path.join(HERE, name + ".eml"), "wb") as f:
        f.write((crlf(headers) + "\r\n" + body).encode("utf-8"))


def google_message(name, headers, plain, cal, bnd):
    body = ("--%s\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\n"
            "Content-Transfer-Encoding: base64\r\n\r\n%s\r\n"
            "--%s\r\nContent-Type: text/calendar; charset=\"UTF-8\"; method=REQUEST\r\n"
            "Content-Transfer-Encoding: 8bit\r\n\r\n%s\r\n--%s--\r\n"
            % (bnd, b64(crlf(plain)), bnd, cal, bnd))
    write(name, headers + "MIME-Version: 1.0\nContent-Type: multipart/alternative; "
          "boundary=\"%s\"\n" % bnd, body)


# 1. The first miss: a plain phone interview whose company calendar template
# carries the marketing footer (newsletter, webinar, unsubscribe) into the DESCRIPTION.
desc1 = ("Hi Sam,\n\nThanks for applying to the Data Engineer role. This is a 30-minute "
         "phone interview with me to talk about your background and the team. I'll call "
         "you at the number on your application.\n\nTalk soon,\nDana Whitfield\n"
         "Technical Recruiter, Acme Labs\n\n" + block("marketing-newsletter-footer"))
cal1 = calendar("REQUEST", [
    ("DTSTART:", "20261112T150000Z"), ("DTEND:", "20261112T153000Z"),
    ("DTSTAMP:", "20261105T141203Z"),
    ("ORGANIZER;CN=Dana Whitfield:", "mailto:dana.whitfield@acmelabs.example"),
    ("UID:", "6t1k9d3m5p7r9v1x3z5b7d9f1h@google.com")], [
    "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=TRUE"
    ";CN=Dana Whitfield;X-NUM-GUESTS=0:mailto:dana.whitfield@acmelabs.example",
    "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP="
    "TRUE;CN=sam.rivera@example.net;X-NUM-GUESTS=0:mailto:sam.rivera@example.net"] + [
    "X-MICROSOFT-CDO-OWNERAPPTID:-1201442918",
    "CREATED:20261105T141202Z", "DESCRIPTION:" + esc(desc1),
    "LAST-MODIFIED:20261105T141202Z", "LOCATION:Phone", "SEQUENCE:0",
    "STATUS:CONFIRMED", "SUMMARY:Phone Interview with Acme Labs", "TRANSP:OPAQUE"],
    "-//Google Inc//Google Calendar 70.9054//EN")
google_message(
    "phone-interview-newsletter-footer",
    "Return-Path: <dana.whitfield@acmelabs.example>\n"
    "Date: Thu, 05 Nov 2026 14:12:03 +0000\n"
    "From: Dana Whitfield <dana.whitfield@acmelabs.example>\n"
    "To: sam.rivera@example.net\n"
    "Message-ID: <calendar-5c0e2f1a-83d4-4b8e-9f21-7a6d0c4e1b93@google.com>\n"
    "Subject: Invitation: Phone Interview with Acme Labs @ Thu Nov 12, 2026 10am - "
    "10:30am (EST) (sam.rivera@example.net)\n",
    "You have been invited to the following event.\n\nPhone Interview with Acme Labs\n"
    "Thursday Nov 12, 2026 10am - 10:30am (Eastern Time - New York)\n\n"
    "Organizer: Dana Whitfield\n\n" + block("marketing-newsletter-footer") + "\n",
    cal1, "000000000000a1c8e40623f0b6d2")

# 2. The second miss: an ATS mailer (not a recruiting domain afterview knows)
# with List-Unsubscribe, the candidate-experience-survey and talent-newsletter legal text.
legal = ("After your interview you may receive a short candidate experience survey. "
         "Answering is optional and has no influence on your application.\n\n"
         "Privacy: Acme Systems processes your personal data for recruiting purposes only. "
         "Join our Talent Community newsletter to hear about future openings; you can "
         "unsubscribe at any time. See https://careers.acmesystems.example/privacy.\n\n"
         "This message was sent by the Acme Systems careers site. Please do not reply.")
desc2 = ("Hello Sam,\n\nThis confirms your SRE technical interview with Acme Systems. "
         "Wei Zhang from our Reliability team will join the video call; expect a "
         "troubleshooting exercise and questions about on-call practice.\n\n"
         "Video call: https://meet.acmesystems.example/sre-4471\n\n" + legal)
cal2 = calendar("REQUEST", [
    ("UID:", "acms-int-20261118-4471@careers.acmesystems.example"),
    ("DTSTAMP:", "20261109T163000Z"), ("SEQUENCE:", "0"),
    ("DTSTART:", "20261118T190000Z"), ("DTEND:", "20261118T200000Z"),
    ("SUMMARY:", "Acme Systems - SRE Technical Interview"),
    ("LOCATION:", "Video call"),
    ("ORGANIZER;CN=Jordan Pike:", "mailto:jordan.pike@acmesystems.example")], [
    "ATTENDEE;CN=Wei Zhang;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:"
    "mailto:wei.zhang@acmesystems.example",
    "ATTENDEE;CN=Sam Rivera;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:"
    "mailto:sam.rivera@example.net",
    "DESCRIPTION:" + esc(desc2), "STATUS:CONFIRMED"],
    "-//Acme Systems//Careers Scheduler 4.2//EN")
bnd2 = "b2_7f41c0d9e83a5b62"
write("sre-technical-interview-ats-legal",
      "Date: Mon, 09 Nov 2026 16:30:00 +0000\n"
      "From: Acme Systems Talent <talent@acmesystems.example>\n"
      "Reply-To: jordan.pike@acmesystems.example\n"
      "To: Sam Rivera <sam.rivera@example.net>\n"
      "Message-ID: <acms.4471.20261109163000@careers.acmesystems.example>\n"
      "Subject: Your interview with Acme Systems: SRE Technical Interview\n"
      "List-Unsubscribe: <https://careers.acmesystems.example/unsubscribe?c=4471>\n"
      "MIME-Version: 1.0\n"
      "Content-Type: multipart/mixed; boundary=\"%s\"\n" % bnd2,
      "--%s\r\nContent-Type: text/plain; charset=UTF-8\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n%s"
      "--%s\r\nContent-Type: text/calendar; charset=UTF-8; method=REQUEST\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n%s--%s--\r\n"
      % (bnd2, b64(crlf(desc2.replace("Hello Sam", "Hi Sam")) + "\r\n"), bnd2, b64(cal2), bnd2))

# 3. A webinar titled "Interview tips webinar", sent in bulk.
desc3 = ("Join career coach Priya Anand for 45 minutes of interview tips: answering "
         "behavioral questions, negotiating an offer, and following up.\n\n"
         "Webinar link: https://careerpath.example/live/interview-tips\n\n"
         "You are receiving this because you subscribed to CareerPath events.")
cal3 = calendar("REQUEST", [
    ("UID:", "cp-live-20261117-interview-tips@careerpath.example"),
    ("DTSTAMP:", "20261102T120000Z"), ("SEQUENCE:", "0"),
    ("DTSTART:", "20261117T230000Z"), ("DTEND:", "20261117T234500Z"),
    ("SUMMARY:", "Interview tips webinar"),
    ("LOCATION:", "Online"),
    ("ORGANIZER;CN=CareerPath Events:", "mailto:events@careerpath.example")], [
    "ATTENDEE;CN=Sam Rivera;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:"
    "mailto:sam.rivera@example.net",
    "DESCRIPTION:" + esc(desc3)],
    "-//CareerPath//Events//EN")
bnd3 = "cp_0b5e7a21"
write("webinar-interview-tips",
      "Date: Mon, 02 Nov 2026 12:00:00 +0000\n"
      "From: CareerPath Events <events@careerpath.example>\n"
      "To: sam.rivera@example.net\n"
      "Message-ID: <live-20261117-sr@careerpath.example>\n"
      "Subject: You're registered: Interview tips webinar (Nov 17)\n"
      "List-Unsubscribe: <mailto:unsubscribe@careerpath.example?subject=events>\n"
      "List-Id: CareerPath Events <events.careerpath.example>\n"
      "Precedence: bulk\n"
      "MIME-Version: 1.0\n"
      "Content-Type: multipart/mixed; boundary=\"%s\"\n" % bnd3,
      "--%s\r\nContent-Type: text/plain; charset=UTF-8\r\n"
      "Content-Transfer-Encoding: 7bit\r\n\r\nYou're registered! Add the session to "
      "your calendar with the attached invitation.\r\n\r\n"
      "--%s\r\nContent-Type: text/calendar; charset=UTF-8; method=REQUEST\r\n"
      "Content-Transfer-Encoding: 7bit\r\n\r\n%s--%s--\r\n" % (bnd3, bnd3, cal3, bnd3))

# 4. A bulk invite: 300 attendees (the reader keeps the first AV_INVITE_MAX_ATTENDEES).
first = ("Aiko Ben Carla Dev Eva Farid Gina Hal Iris Jon Kemal Lea Marta Nils Oona Pia "
         "Rafael Sven Tomas Ursula").split()
last = "Adler Brandt Costa Dahl Eze Fox Gallo Horn Ivers Jung Kato Lund Mora Ng Ochoa".split()
att = ["ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;CN=%s %s:"
       "mailto:%s.%s@candidates.example" % (f, l, f.lower(), l.lower())
       for l in last for f in first]
att.insert(137, "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;"
           "CN=Sam Rivera:mailto:sam.rivera@example.net")
att = att[:300]
desc4 = ("Welcome to Northbank Interview Day! This kickoff session is for all candidates "
         "invited this month: an overview of the day, the teams that are hiring and how "
         "your individual interviews are scheduled. Your own interview times follow in a "
         "separate invitation.")
cal4 = calendar("REQUEST", [
    ("UID:", "nb-interview-day-2026-11-kickoff@northbank.example"),
    ("DTSTAMP:", "20261103T090000Z"), ("SEQUENCE:", "0"),
    ("DTSTART:", "20261119T140000Z"), ("DTEND:", "20261119T150000Z"),
    ("SUMMARY:", "Northbank Interview Day - Kickoff"),
    ("LOCATION:", "Online"),
    ("ORGANIZER;CN=Northbank Talent Events:", "mailto:talent-events@northbank.example")],
    att + ["DESCRIPTION:" + esc(desc4)],
    "-//Northbank//Events Calendar//EN")
bnd4 = "nb_e4d2c1b0"
write("bulk-invite-300-attendees",
      "Date: Tue, 03 Nov 2026 09:00:00 +0000\n"
      "From: Northbank Talent Events <talent-events@northbank.example>\n"
      "To: undisclosed-recipients:;\n"
      "Message-ID: <kickoff-2026-11@northbank.example>\n"
      "Subject: Northbank Interview Day - Kickoff\n"
      "MIME-Version: 1.0\n"
      "Content-Type: multipart/mixed; boundary=\"%s\"\n" % bnd4,
      "--%s\r\nContent-Type: text/plain; charset=UTF-8\r\n"
      "Content-Transfer-Encoding: 7bit\r\n\r\n%s\r\n\r\n"
      "--%s\r\nContent-Type: text/calendar; charset=UTF-8; method=REQUEST\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n%s--%s--\r\n"
      % (bnd4, crlf(desc4), bnd4, b64(cal4), bnd4))

# 5. A summary that names an interview, a description that says what it really is: a
# paid mock interview with a career coach.
desc5 = ("Hi Sam, looking forward to our session! This is a mock interview: I'll play the "
         "hiring manager for your Acme onsite, then we debrief. As your career coach I'll "
         "send written feedback afterwards.\n\nRenée")
cal5 = calendar("REQUEST", [
    ("UID:", "rp-session-20261110-sam@reneeparkcoaching.example"),
    ("DTSTAMP:", "20261104T180000Z"), ("SEQUENCE:", "0"),
    ("DTSTART:", "20261110T170000Z"), ("DTEND:", "20261110T180000Z"),
    ("SUMMARY:", "Interview with Renée (Acme onsite)"),
    ("LOCATION:", "Zoom"),
    ("ORGANIZER;CN=Renée Park:", "mailto:renee@reneeparkcoaching.example")], [
    "ATTENDEE;CN=Renée Park;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED:"
    "mailto:renee@reneeparkcoaching.example",
    "ATTENDEE;CN=Sam Rivera;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:"
    "mailto:sam.rivera@example.net",
    "DESCRIPTION:" + esc(desc5)],
    "-//Apple Inc.//macOS 15.1//EN")
bnd5 = "Apple-Mail=_5D1E7C20-8B3A-4F19-A6D2-0E9C4B7A1F35"
write("mock-interview-in-description",
      "Date: Wed, 04 Nov 2026 18:00:00 +0000\n"
      "From: =?UTF-8?Q?Ren=C3=A9e_Park?= <renee@reneeparkcoaching.example>\n"
      "To: Sam Rivera <sam.rivera@example.net>\n"
      "Message-ID: <5D1E7C20-8B3A-4F19-A6D2-0E9C4B7A1F35@reneeparkcoaching.example>\n"
      "Subject: Invitation: Interview with =?UTF-8?Q?Ren=C3=A9e?= (Acme onsite)\n"
      "MIME-Version: 1.0\n"
      "Content-Type: multipart/mixed; boundary=\"%s\"\n" % bnd5,
      "--%s\r\nContent-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n\r\nSee you Tuesday!\r\n\r\n"
      "--%s\r\nContent-Type: text/calendar; charset=utf-8; method=REQUEST\r\n"
      "Content-Transfer-Encoding: 8bit\r\n\r\n%s--%s--\r\n" % (bnd5, bnd5, cal5, bnd5))
