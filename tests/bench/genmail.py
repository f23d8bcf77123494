#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write a large synthetic mailbox straight into a Dovecot Maildir (for `make bench`).

    genmail.py --maildir DIR --now 2026-11-25T12:00:00Z --sent N --inbox N --invites N
               [--fixtures tests/data/invites] [--days 120] [--attach-percent 5]
               [--pending 16] [--pending-late 14] [--followup-percent 30]
               [--followup-text-percent 67] [--horizon-days 60] [--seed 1] [--stats FILE]
    genmail.py --maildir DIR --now ... --own-drafts N [--stats FILE]

DIR is the user's Maildir++ root (INBOX in DIR/cur, Sent in DIR/.Sent/cur): Dovecot's
`mail_location = maildir:.../mail/%u` with the default layout. It must be fresh (no
dovecot-uidlist yet): write the files before the first login so that Dovecot assigns the
UIDs in date order when it first scans the folders.

What is written (deterministic for a given --seed):
  * --sent messages in Sent, --inbox messages in INBOX (the invites are part of INBOX),
    dated evenly over the --days before --now, with a little jitter. Every file's mtime is
    its date: that is the INTERNALDATE Dovecot reports for Maildir. The file names start
    with that time, so the UIDs follow the dates.
  * Realistic headers (Return-Path/Received on INBOX, From/To/Cc/Date/Subject/Message-ID,
    In-Reply-To on some replies, RFC 2047 subjects on a few), plain text bodies, and
    multipart/alternative text+HTML on part of INBOX.
  * --invites copies of the real invite fixtures (tests/data/invites/*.eml, except the
    malformed-* ones and those without a calendar part), each with its own Message-ID and
    Date, its calendar UIDs prefixed with a per-copy tag, and its VEVENT dates
    (DTSTART/DTEND/RECURRENCE-ID) moved to 2-14 days after the message date. The calendar
    parts keep their transfer encoding (7bit, 8bit, quoted-printable, base64).
  * --attach-percent of each folder's (non-invite) messages as multipart/mixed with a
    1.5-4.5 MB base64 attachment. To save disk and time these are hard links of a few
    distinct files: one per folder per 2-day bucket (so at most days/2 per folder). All
    links of one file share its content (Message-ID included) and its mtime, i.e. its
    INTERNALDATE.
  * Flags: Sent all \\Seen; INBOX 90 % \\Seen; all files go to cur/ ("...:2,S" or ":2,").
  * Drafts to make: single-event interview copies (the fixtures' .expect files tell the
    interviews, their UTC times and interviewers) arranged so that --pending interviewers
    have interviews that ended 2.5-22 h before --now (pending with window_hours 24, not
    with 1) and --pending-late more 26-46 h before (pending with 48 only); they arrive
    3-12 days before --now and take the place of other invites. No other interview ends
    between 50 h before --now and 1 h after it (moved a day later).
  * Follow-ups: for --followup-percent of the other interviews received within
    --horizon-days that ended over 50 h before --now, a message from the person to an
    interviewer 2-20 h after the end, in Sent (in place of a plain one); of them
    --followup-text-percent thank in the text only, under a neutral subject (afterview
    must read the text), the others in the subject.
  * --own-drafts N: only write N of the person's own drafts (\\Draft \\Seen) into the
    Drafts folder of an existing Maildir (Dovecot gives them UIDs when it next looks).

Files are written LF-terminated, as Dovecot stores them; IMAP sizes count CRLF.
The files are owned by whoever runs this: chown them to the mail user afterwards.
"""

import argparse
import base64
import calendar
import email
import email.header
import email.policy
import email.utils
import io
import json
import os
import quopri
import random
import re
import sys
import time
from email.generator import BytesGenerator

FIRST = ["Priya", "Jordan", "Alex", "Maria", "Wei", "Fatima", "Lucas", "Aisha", "Tom", "Elena",
         "Kenji", "Sofia", "Omar", "Grace", "Ivan", "Chloe", "Diego", "Hannah", "Raj", "Nora",
         "Mateo", "Yuki", "Amara", "Liam", "Zoe", "Samir", "Olga", "Ben", "Ines", "Kwame"]
LAST = ["Chen", "Okafor", "Garcia", "Smith", "Kowalski", "Nguyen", "Müller", "Haddad", "Rossi",
        "Patel", "Johansson", "Dubois", "Kim", "Silva", "Novak", "O'Brien", "Tanaka", "Mensah",
        "Ivanova", "Schmidt", "Lopez", "Singh", "Andersen", "Costa", "Fischer", "Yilmaz"]
COMPANIES = ["northwind", "halcyonrobotics", "bluefin-analytics", "contoso", "fabrikam",
             "tailspin", "wingtip", "adventureworks", "litware", "proseware", "lucerne",
             "alpineski", "margie-travel", "wideworld", "coho-vineyard", "graphic-design-inst",
             "treyresearch", "fourthcoffee", "relecloud", "woodgrove"]
ROLES = ["Senior Software Engineer", "Staff Engineer", "Data Engineer", "Backend Developer",
         "Platform Engineer", "Engineering Manager", "SRE", "ML Engineer",
         "Full-Stack Developer", "Principal Engineer"]
NEWSLETTERS = [("Job Alerts", "alerts@jobs.example"), ("TechWeekly", "news@techweekly.example"),
               ("CareerBoard", "noreply@careerboard.example"),
               ("Recruiting Team", "talent@recruit.example"),
               ("Your Bank", "statements@bank.example"),
               ("Package Tracking", "tracking@parcel.example")]
WORDS = ("the a our team role position interview schedule thanks following up application "
         "experience project system design data platform engineering product customers "
         "availability next week call discussion offer compensation benefits remote office "
         "timeline feedback process candidate hiring manager recruiter onsite panel coding "
         "challenge take-home portfolio reference background check start date relocation "
         "update status opportunity company culture values mission growth stack python go "
         "rust kubernetes postgres latency scale reliability migration roadmap quarter").split()
ME = ("Sam Rivera", "sam.rivera@example.net")
ALT_ME = "samr@example.net"
ZONES = ["+0000", "-0400", "-0500", "-0700", "+0100", "+0200", "+0530"]


def rfc2822(t, zone):
    sign = -1 if zone[0] == "-" else 1
    off = sign * (int(zone[1:3]) * 3600 + int(zone[3:5]) * 60)
    tm = time.gmtime(t + off)
    return time.strftime("%a, %d %b %Y %H:%M:%S ", tm) + zone


def addr(name, mail):
    if any(ord(c) > 127 for c in name):
        name = email.header.Header(name, "utf-8").encode()
    elif any(c in name for c in ",'\"()<>@.;:"):
        name = '"' + name.replace('"', '\\"') + '"'
    return "%s <%s>" % (name, mail)


class Text:
    """Cheap pseudo-text: a pool of wrapped paragraphs picked at random."""

    def __init__(self, rnd):
        self.rnd = rnd
        self.pool = [self._para() for _ in range(400)]

    def _para(self):
        words = [self.rnd.choice(WORDS) for _ in range(self.rnd.randint(20, 90))]
        words[0] = words[0].capitalize()
        lines, line = [], ""
        for w in words:
            if len(line) + len(w) + 1 > 72:
                lines.append(line)
                line = w
            else:
                line = w if not line else line + " " + w
        lines.append(line + ".")
        return "\n".join(lines)

    def body(self, lo, hi):
        n = self.rnd.randint(lo, hi)
        return "\n\n".join(self.rnd.choice(self.pool) for _ in range(n))


def person(rnd):
    first, last = rnd.choice(FIRST), rnd.choice(LAST)
    dom = rnd.choice(COMPANIES) + ".example"
    local = (first[0] + last).lower().replace("'", "").replace("ü", "u")
    return "%s %s" % (first, last), "%s@%s" % (local, dom)


def subject(rnd, sent):
    company = rnd.choice(COMPANIES).replace("-", " ").title()
    role = rnd.choice(ROLES)
    s = rnd.choice([
        "Application for %s at %s" % (role, company),
        "Following up on the %s role" % role,
        "Thank you for the conversation today",
        "Availability for next week",
        "%s - %s: next steps" % (company, role),
        "Your application to %s" % company,
        "Question about the take-home challenge",
        "Quick update from %s" % company,
        "Référence pour le poste de %s" % role,
        "Coffee chat?",
    ])
    if rnd.random() < 0.3:
        s = "Re: " + s
    if any(ord(c) > 127 for c in s) or rnd.random() < 0.03:
        s = email.header.Header(s, "utf-8").encode()
    return s


def headers_common(rnd, t, frm, to, cc, subj, msgid, inbox):
    zone = rnd.choice(ZONES)
    h = []
    if inbox:
        h.append("Return-Path: <%s>" % frm[1])
        h.append("Delivered-To: %s" % ME[1])
        h.append("Received: from mail-%d.%s (mail-%d.%s [192.0.2.%d])\n"
                 "\tby mx1.example.net (Postfix) with ESMTPS id %08X\n"
                 "\tfor <%s>; %s" % (rnd.randint(1, 99), frm[1].split("@")[1],
                                     rnd.randint(1, 99), frm[1].split("@")[1],
                                     rnd.randint(1, 254), rnd.getrandbits(32), ME[1],
                                     rfc2822(t, "+0000")))
    h.append("Date: " + rfc2822(t, zone))
    h.append("From: " + addr(*frm))
    h.append("To: " + ", ".join(addr(*p) for p in to))
    if cc:
        h.append("Cc: " + ", ".join(addr(*p) for p in cc))
    h.append("Subject: " + subj)
    h.append("Message-ID: <%s>" % msgid)
    if subj.startswith("Re: ") and rnd.random() < 0.8:
        h.append("In-Reply-To: <prev-%x@%s>" % (rnd.getrandbits(48), frm[1].split("@")[1]))
    h.append("MIME-Version: 1.0")
    return h


def plain_message(rnd, text, t, folder, i, seed):
    sent = folder == "Sent"
    if sent:
        frm = (ME[0], rnd.choice([ME[1], ME[1], ME[1], ALT_ME]))
        to = [person(rnd) for _ in range(rnd.choice([1, 1, 1, 2]))]
        cc = [person(rnd) for _ in range(rnd.choice([0, 0, 0, 1, 2]))]
    else:
        if rnd.random() < 0.35:
            frm = rnd.choice(NEWSLETTERS)
        else:
            frm = person(rnd)
        to = [ME]
        cc = [person(rnd) for _ in range(rnd.choice([0, 0, 0, 0, 1]))]
    msgid = "bench-%s-%d-%d.%x@%s" % ("s" if sent else "i", seed, i, rnd.getrandbits(32),
                                     frm[1].split("@")[1])
    h = headers_common(rnd, t, frm, to, cc, subject(rnd, sent), msgid, not sent)
    body = text.body(1, 4 if sent else 6)
    if sent and rnd.random() < 0.5:
        body += "\n\nOn %s, someone wrote:\n> " % rfc2822(t - 86400, "+0000") + \
            text.body(1, 3).replace("\n", "\n> ")
    if not sent and rnd.random() < 0.4:
        b = "=_bench_%x" % rnd.getrandbits(64)
        html = "<html><body>" + "".join("<p>%s</p>\n" % p.replace("\n", " ")
                                        for p in body.split("\n\n")) + "</body></html>"
        h.append('Content-Type: multipart/alternative; boundary="%s"' % b)
        parts = ["--%s\nContent-Type: text/plain; charset=utf-8\n"
                 "Content-Transfer-Encoding: 7bit\n\n%s\n" % (b, body),
                 "--%s\nContent-Type: text/html; charset=utf-8\n"
                 "Content-Transfer-Encoding: 7bit\n\n%s\n" % (b, html),
                 "--%s--\n" % b]
        return ("\n".join(h) + "\n\n" + "".join(parts)).encode()
    h.append("Content-Type: text/plain; charset=utf-8")
    h.append("Content-Transfer-Encoding: 7bit")
    return ("\n".join(h) + "\n\n" + body + "\n").encode()


def attachment_message(rnd, text, t, folder, key, blob, size):
    sent = folder == "Sent"
    if sent:
        frm, to = ME, [person(rnd)]
        fname = "Sam_Rivera_Portfolio_%s.pdf" % key
    else:
        frm, to = person(rnd), [ME]
        fname = "Offer_Packet_%s.pdf" % key
    msgid = "bench-att-%s@%s" % (key, frm[1].split("@")[1])
    h = headers_common(rnd, t, frm, to, [], subject(rnd, sent), msgid, not sent)
    b = "=_bench_att_%x" % rnd.getrandbits(64)
    h.append('Content-Type: multipart/mixed; boundary="%s"' % b)
    nchars = size * 4 // 3
    nchars -= nchars % 77
    head = ("\n".join(h) + "\n\n" +
            "--%s\nContent-Type: text/plain; charset=utf-8\n\n%s\n\n" % (b, text.body(1, 2)) +
            "--%s\nContent-Type: application/pdf; name=\"%s\"\n"
            "Content-Disposition: attachment; filename=\"%s\"\n"
            "Content-Transfer-Encoding: base64\n\n" % (b, fname, fname)).encode()
    return head, blob[:nchars], ("\n--%s--\n" % b).encode()


# ---- invites from the fixtures ----

VEVENT_DATE = re.compile(r"^((?:DTSTART|DTEND|RECURRENCE-ID)[;:][^\n]*?:?)(\d{8})(T\d{6}Z?)?",
                         re.M)


def is_calendar(part):
    fn = (part.get_filename() or "").lower()
    return part.get_content_type() in ("text/calendar", "application/ics") or fn.endswith(".ics")


def utc(s):
    return calendar.timegm(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ"))


def read_expect(path):
    """What tests/data/invites/NAME.expect says of an invite: interview, candidate, the
    events' UTC ends and cancellation, the interviewers (name, email or None)."""
    info = {"interview": False, "candidate": True, "events": [], "ivs": []}
    if not os.path.exists(path):
        return info
    for line in open(path, encoding="utf-8"):
        key, _, val = line.rstrip("\n").partition(": ")
        f = [x.strip() for x in val.split(" | ")]
        if key == "interview":
            info["interview"] = val.strip() == "yes"
        elif key == "candidate":
            info["candidate"] = val.strip() != "no"
        elif key == "event" and len(f) >= 6:
            info["events"].append((utc(f[3]), utc(f[4]), f[5] == "cancelled:yes"))
        elif key == "interviewer" and len(f) >= 2:
            info["ivs"].append((f[0], None if f[1] == "-" else f[1]))
    return info


class Invites:
    def __init__(self, fixtures):
        self.templates = []
        for name in sorted(os.listdir(fixtures)):
            if not name.endswith(".eml") or name.startswith("malformed-"):
                continue
            raw = open(os.path.join(fixtures, name), "rb").read().replace(b"\r\n", b"\n")
            msg = email.message_from_bytes(raw, policy=email.policy.compat32)
            cals = [p for p in msg.walk() if not p.is_multipart() and is_calendar(p)]
            if not cals:
                continue
            info = read_expect(os.path.join(fixtures, name[:-4] + ".expect"))
            info["name"] = name
            # the local date of the first DTSTART, which _shift moves to the chosen day
            d = re.search(r"BEGIN:VEVENT.*?^DTSTART[^\n]*?(\d{8})",
                          (cals[0].get_payload(decode=True) or b"").decode("ascii", "replace"),
                          re.S | re.M)
            info["day0"] = calendar.timegm(time.strptime(d.group(1), "%Y%m%d")) if d else None
            info["subject"] = msg.get("Subject", "")
            self.templates.append((name, raw, info))
        if not self.templates:
            sys.exit("genmail: no invite fixtures in %s" % fixtures)

    def interviews(self):
        """Templates that make drafts when pending: an interview of the person as candidate,
        one event, not cancelled, with interviewers."""
        return [k for k, (name, _, i) in enumerate(self.templates)
                if i["interview"] and i["candidate"] and len(i["events"]) == 1 and
                not i["events"][0][2] and i["ivs"] and i["day0"] is not None and
                not name.startswith(("cancel-", "reschedule-"))]

    def ends(self, k, day):
        """The nominal UTC ends of template k's events once its first DTSTART is on day
        (the shift keeps the local time of day, so a DST change between the fixture's
        date and day moves them by an hour more)."""
        info = self.templates[k][2]
        if info["day0"] is None:
            return []
        return [e + (day - info["day0"]) for _, e, _ in info["events"]]

    @staticmethod
    def _shift(cal, tag, start):
        """Prefix UIDs with tag; move VEVENT dates so the first DTSTART falls on start."""
        cal = re.sub(r"^UID:", "UID:" + tag + "-", cal, flags=re.M)
        out, pos, delta = [], 0, None
        for m in re.finditer(r"BEGIN:VEVENT.*?END:VEVENT", cal, re.S):
            out.append(cal[pos:m.start()])
            ev = m.group(0)
            if delta is None:
                d = re.search(r"^DTSTART[^\n]*?(\d{8})", ev, re.M)
                if d:
                    orig = calendar.timegm(time.strptime(d.group(1), "%Y%m%d"))
                    delta = (start - orig) // 86400

            def mv(mm):
                t0 = calendar.timegm(time.strptime(mm.group(2), "%Y%m%d"))
                return mm.group(1) + time.strftime("%Y%m%d", time.gmtime(
                    t0 + (delta or 0) * 86400)) + (mm.group(3) or "")
            out.append(VEVENT_DATE.sub(mv, ev))
            pos = m.end()
        out.append(cal[pos:])
        return "".join(out)

    def make(self, rnd, n, t, seed, k=None, day=None, avoid=None):
        """Copy n (template n round robin, or k); its first event on day (default: 2-14 days
        after t; pushed a day later while an event would end in avoid=(lo, hi)).
        Returns (message bytes, template info, the events' nominal ends, Subject)."""
        if k is None:
            k = n % len(self.templates)
        name, raw, info = self.templates[k]
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
        tag = "bench%d-%d" % (seed, n)
        if day is None:
            day = (t // 86400 + rnd.randint(2, 14)) * 86400
            while avoid and any(avoid[0] <= e <= avoid[1] for e in self.ends(k, day)):
                day += 86400
        for part in msg.walk():
            if part.is_multipart() or not is_calendar(part):
                continue
            cte = (part.get("Content-Transfer-Encoding") or "7bit").strip().lower()
            data = part.get_payload(decode=True) or b""
            # ASCII with the other bytes as surrogates: written back byte for byte
            cal = self._shift(data.decode("ascii", "surrogateescape"), tag, day)
            data = cal.encode("ascii", "surrogateescape")
            if cte == "base64":
                enc = base64.encodebytes(data).decode("ascii")
            elif cte == "quoted-printable":
                enc = quopri.encodestring(data).decode("ascii")
            else:
                enc = cal
            part.set_payload(enc)
        dom = (email.utils.parseaddr(msg.get("From", ""))[1].split("@") + ["example.org"])[1]
        del msg["Message-ID"]
        msg["Message-ID"] = "<%s.%x@%s>" % (tag, rnd.getrandbits(32), dom)
        del msg["Date"]
        msg["Date"] = rfc2822(t, rnd.choice(ZONES))
        buf = io.BytesIO()
        BytesGenerator(buf, mangle_from_=False, maxheaderlen=0).flatten(msg, linesep="\n")
        return buf.getvalue(), info, self.ends(k, day), info["subject"]


# ---- interviews pending at --now, follow-ups in Sent, the person's own drafts ----

H = 3600


def plan_pending(invites, n, win, start=0):
    """[(template, day)]: invite copies whose interviewers, n in all, are pending at --now:
    each copy's event ends within win=(lo, hi). Templates taken round robin from start,
    skipping those whose interviewers would overshoot n or whose time of day cannot end
    in win. Returns (plan, next start)."""
    cands = invites.interviews()
    plan, left, i, stuck = [], n, start, 0
    while left > 0 and cands and stuck < len(cands):
        k = cands[i % len(cands)]
        i += 1
        info = invites.templates[k][2]
        end0, day = info["events"][0][1], None
        for m in range(-400, 400):
            if win[0] <= end0 + m * 86400 <= win[1]:
                day = info["day0"] + m * 86400
                break
        if len(info["ivs"]) > left or day is None:
            stuck += 1
            continue
        stuck = 0
        plan.append((k, day))
        left -= len(info["ivs"])
    return plan, i


def followup_message(rnd, text, t, name, mail, kind, seq, seed):
    """Sam's message to an interviewer after the interview: its subject says thanks
    (kind "subject") or only its text does ("text": afterview must read it)."""
    first_name = name.split()[0] if name else "there"
    subj = ("Thank you for your time today" if kind == "subject" else
            rnd.choice(["Following up on our conversation", "Our conversation",
                        "Following up"]))
    msgid = "bench-f-%d-%d.%x@example.net" % (seed, seq, rnd.getrandbits(32))
    h = headers_common(rnd, t, ME, [(name or mail, mail)], [], subj, msgid, False)
    h.append("Content-Type: text/plain; charset=utf-8")
    h.append("Content-Transfer-Encoding: 7bit")
    body = ("Hi %s,\n\nThank you for your time today and for the conversation about the "
            "role.\nI enjoyed learning about the team and the work ahead.\n\n%s\n\n"
            "Best regards,\nSam\n" % (first_name, text.body(1, 2)))
    return ("\n".join(h) + "\n\n" + body).encode(), msgid


def own_drafts(a, now, rnd, text):
    """--own-drafts N: the person's own drafts (\\Draft \\Seen) into DIR/.Drafts/cur of a
    Maildir that may be in use (Dovecot gives them UIDs at its next look)."""
    cur = os.path.join(a.maildir, ".Drafts", "cur")
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(a.maildir, ".Drafts", sub), exist_ok=True)
    first = now - a.days * 86400
    step = a.days * 86400 / max(1, a.own_drafts)
    nbytes = 0
    for k in range(a.own_drafts):
        t = int(first + (k + rnd.random()) * step)
        to = [person(rnd)]
        msgid = "bench-d-%d-%d.%x@example.net" % (a.seed, k, rnd.getrandbits(32))
        h = headers_common(rnd, t, ME, to, [], subject(rnd, True), msgid, False)
        h.append("Content-Type: text/plain; charset=utf-8")
        h.append("Content-Transfer-Encoding: 7bit")
        data = ("\n".join(h) + "\n\n" + text.body(1, 3) + "\n").encode()
        name = "%d.M%06dP%dQd%d.bench,S=%d:2,DS" % (t, k % 1000000, os.getpid(), k, len(data))
        path = os.path.join(cur, name)
        with open(path, "wb") as f:
            f.write(data)
        os.utime(path, (t, t))
        nbytes += len(data)
    return {"own_drafts": a.own_drafts, "bytes_written": nbytes}


# ---- main ----

def parse_now(s):
    return calendar.timegm(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--maildir", required=True)
    ap.add_argument("--now", required=True, help="e.g. 2026-11-25T12:00:00Z")
    ap.add_argument("--sent", type=int, default=0)
    ap.add_argument("--inbox", type=int, default=0)
    ap.add_argument("--invites", type=int, default=0)
    ap.add_argument("--fixtures", default=os.path.join(os.path.dirname(__file__), "..", "data",
                                                       "invites"))
    ap.add_argument("--days", type=int, default=120)
    ap.add_argument("--attach-percent", type=float, default=5.0)
    ap.add_argument("--pending", type=int, default=16)
    ap.add_argument("--pending-late", type=int, default=14)
    ap.add_argument("--followup-percent", type=float, default=30.0)
    ap.add_argument("--horizon-days", type=int, default=60)
    ap.add_argument("--followup-text-percent", type=float, default=67.0)
    ap.add_argument("--own-drafts", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--stats", help="write a JSON summary here")
    a = ap.parse_args()
    if a.invites > a.inbox:
        sys.exit("genmail: more invites than INBOX messages")
    t_start = time.time()
    now = parse_now(a.now)
    first = now - a.days * 86400
    rnd = random.Random(a.seed)
    text = Text(rnd)
    if a.own_drafts:
        stats = own_drafts(a, now, random.Random("%d-Drafts" % a.seed), text)
        stats["seconds"] = round(time.time() - t_start, 1)
        js = json.dumps(stats, indent=1, sort_keys=True)
        if a.stats:
            with open(a.stats, "w") as f:
                f.write(js + "\n")
        print(js)
        return
    if a.sent < 1 or a.inbox < 1:
        sys.exit("genmail: --sent and --inbox are required (or --own-drafts)")
    invites = Invites(a.fixtures)
    # one 4.5 MB base64 blob, sliced for every attachment size
    raw = random.Random(a.seed + 7).randbytes(4608 * 1024)
    blob = base64.encodebytes(raw)
    sizes = [1536 * 1024, 2048 * 1024, 3072 * 1024, 4608 * 1024]
    # pending at --now with window_hours 24 (and not with 1): ends 2.5-22 h before now;
    # pending only with window_hours 48: ends 26-46 h before. The DST shift (see ends())
    # can only make an end an hour later. No other interview ends 50 h before now to 1 h
    # after it.
    win_a = (now - 22 * H, now - 2 * H - 1800)
    win_b = (now - 46 * H, now - 26 * H)
    avoid = (now - 50 * H, now + H)
    plan_a, nxt = plan_pending(invites, a.pending, win_a)
    plan_b, _ = plan_pending(invites, a.pending_late, win_b, nxt)
    plan = plan_a + plan_b
    if len(plan) > a.invites:
        sys.exit("genmail: %d invites cannot hold %d pending copies" % (a.invites, len(plan)))
    followups = []  # (time, name, address, kind)

    stats = {"folders": {}, "distinct_attachment_files": 0, "attachment_links": 0,
             "attachment_bytes_logical": 0, "invite_templates": len(invites.templates),
             "pending": {
                 "window_24h": sum(len(invites.templates[k][2]["ivs"]) for k, _ in plan_a),
                 "window_48h": sum(len(invites.templates[k][2]["ivs"]) for k, _ in plan),
                 "copies": len(plan),
                 "templates": [invites.templates[k][0] for k, _ in plan]},
             "followups": {"text_msgids": [], "subject": 0, "dropped": 0}}
    seq = 0
    for folder, count, n_inv in (("INBOX", a.inbox, a.invites), ("Sent", a.sent, 0)):
        root = a.maildir if folder == "INBOX" else os.path.join(a.maildir, "." + folder)
        for sub in ("cur", "new", "tmp"):
            os.makedirs(os.path.join(root, sub), exist_ok=True)
        if os.path.exists(os.path.join(root, "dovecot-uidlist")):
            sys.exit("genmail: %s already has a dovecot-uidlist: use a fresh maildir" % root)
        cur = os.path.join(root, "cur")
        frnd = random.Random("%d-%s" % (a.seed, folder))
        step = a.days * 86400 / count
        times = [int(first + (k + frnd.random()) * step) for k in range(count)]
        kinds = ["plain"] * count
        idx = list(range(count))
        frnd.shuffle(idx)
        for k in idx[:n_inv]:
            kinds[k] = "invite"
        n_att = int(round((count - n_inv) * a.attach_percent / 100.0))
        for k in idx[n_inv:n_inv + n_att]:
            kinds[k] = "attach"
        extra = {}  # index -> (template, day) of a pending copy, or a follow-up
        if folder == "INBOX" and plan:
            # the pending copies arrive 3-12 days before now; as many other invites become
            # plain messages, so that the folder keeps n_inv invites
            slots = [k for k in range(count) if now - 12 * 86400 <= times[k] <= now - 3 * 86400
                     and kinds[k] != "attach"]
            if len(slots) < len(plan):
                sys.exit("genmail: too few INBOX messages 3-12 days before now for %d "
                         "pending invites" % len(plan))
            slots = sorted(frnd.sample(slots, len(plan)))
            for k, p in zip(slots, plan):
                if kinds[k] == "plain":
                    drop = next(j for j in idx if kinds[j] == "invite" and j not in slots)
                    kinds[drop] = "plain"
                kinds[k] = "pending"
                extra[k] = p
        if folder == "Sent":
            # each follow-up replaces the first plain message sent at or after its time
            k = 0
            for fu in sorted(followups):
                while k < count and times[k] < fu[0]:
                    k += 1
                while k < count and kinds[k] != "plain":
                    k += 1
                if k >= count or fu[0] > now:
                    stats["followups"]["dropped"] += 1
                    continue
                kinds[k] = "followup"
                extra[k] = fu
        att_files = {}  # bucket -> (path, mtime, size)
        fst = {"messages": count, "invites": 0, "attachments": 0, "bytes_written": 0}
        n_inv_made = 0
        for k in range(count):
            seq += 1
            t = times[k]
            flags = "S" if folder == "Sent" or frnd.random() < 0.9 else ""
            if kinds[k] == "attach":
                bucket = (t - first) // (2 * 86400)
                if bucket not in att_files:
                    bt = int(first + bucket * 2 * 86400 + 36000 + frnd.randint(0, 86400))
                    size = sizes[len(att_files) % len(sizes)]
                    key = "%s-%d-%d" % (folder.lower(), a.seed, bucket)
                    head, body, tail = attachment_message(frnd, text, bt, folder, key, blob,
                                                          size)
                    path = os.path.join(root, "tmp", "att-%d" % bucket)
                    with open(path, "wb") as f:
                        f.write(head)
                        f.write(body)
                        f.write(tail)
                    os.utime(path, (bt, bt))
                    att_files[bucket] = (path, bt, len(head) + len(body) + len(tail))
                    stats["distinct_attachment_files"] += 1
                    fst["bytes_written"] += att_files[bucket][2]
                path, bt, size = att_files[bucket]
                name = "%d.M%06dP%dQ%d.bench,S=%d:2,%s" % (bt, seq % 1000000, os.getpid(),
                                                          seq, size, flags)
                os.link(path, os.path.join(cur, name))
                stats["attachment_links"] += 1
                stats["attachment_bytes_logical"] += size
                fst["attachments"] += 1
                continue
            if kinds[k] in ("invite", "pending"):
                if kinds[k] == "pending":
                    data, info, ends, _ = invites.make(frnd, n_inv_made, t, a.seed, *extra[k])
                else:
                    data, info, ends, _ = invites.make(frnd, n_inv_made, t, a.seed,
                                                       avoid=avoid)
                n_inv_made += 1
                fst["invites"] += 1
                addressed = [iv for iv in info["ivs"] if iv[1]]
                if (kinds[k] == "invite" and info["interview"] and info["candidate"] and
                        addressed and ends and not any(c for _, _, c in info["events"]) and
                        t >= now - a.horizon_days * 86400 and max(ends) < now - 50 * H and
                        frnd.random() * 100 < a.followup_percent):
                    kind = "text" if frnd.random() * 100 < a.followup_text_percent else "subject"
                    followups.append((max(ends) + frnd.randint(2 * H, 20 * H), addressed[0][0],
                                      addressed[0][1], kind))
            elif kinds[k] == "followup":
                _, name_, mail, kind = extra[k]
                data, msgid = followup_message(frnd, text, t, name_, mail, kind, seq, a.seed)
                if kind == "text":
                    stats["followups"]["text_msgids"].append(msgid)
                else:
                    stats["followups"]["subject"] += 1
            else:
                data = plain_message(frnd, text, t, folder, seq, a.seed)
            name = "%d.M%06dP%dQ%d.bench,S=%d:2,%s" % (t, seq % 1000000, os.getpid(), seq,
                                                      len(data), flags)
            path = os.path.join(cur, name)
            with open(path, "wb") as f:
                f.write(data)
            os.utime(path, (t, t))
            fst["bytes_written"] += len(data)
        # the distinct files stay linked only from cur/
        for path, _, _ in att_files.values():
            os.unlink(path)
        stats["folders"][folder] = fst
    stats["seconds"] = round(time.time() - t_start, 1)
    js = json.dumps(stats, indent=1, sort_keys=True)
    if a.stats:
        with open(a.stats, "w") as f:
            f.write(js + "\n")
    print(js)


if __name__ == "__main__":
    main()
