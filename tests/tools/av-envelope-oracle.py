#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""av-envelope-oracle - what the IMAP driver's envelopes should say, from the server's own
ENVELOPE (RFC 3501 7.4.2), in av-imap-probe's "env" format (issue 12: the driver reads
the header fields instead, and must say the same).

	av-envelope-oracle.py --port P --user U --password-file F FOLDER

For every message of FOLDER, one line:
	env UID INTERNALDATE from=A to=A,B msgid=M subject=S date=D name=N
with the same rules as plugin/mime.c's av_mime_envelope: addresses lower case, group
members included, only mailbox@host (Dovecot's MISSING_DOMAIN/SYNTAX_ERROR fill-ins are
no address), the first From mailbox and its display name, Message-ID without <>. The
subject and the display name are RFC 2047 decoded by python's email.header where they
hold encoded words; a line whose decoding differs only in that way is the test's to judge.
"""
import argparse
import calendar
import email.header
import imaplib
import os
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench"))
from imapref import fetch_items  # noqa: E402

FILLINS = {b"missing_domain", b"syntax_error", b"missing_mailbox"}


def text(v):
    return v.decode("utf-8", "replace") if isinstance(v, bytes) else None


def decoded(v):
    if v is None:
        return None
    s = text(v)
    if "=?" not in s:
        return s
    try:
        return str(email.header.make_header(email.header.decode_header(s)))
    except (UnicodeDecodeError, LookupError, email.errors.HeaderParseError):
        return s


def addresses(lst):
    out = []
    for a in lst or []:
        if not isinstance(a, list) or len(a) < 4 or a[2] is None or a[3] is None:
            continue
        if a[2].lower() in FILLINS or a[3].lower() in FILLINS:
            continue
        spec = (a[2] + b"@" + a[3]).decode("utf-8", "replace").lower()
        out.append((spec, a[0]))
    return out


def internaldate(v):
    s = v.decode()
    t = calendar.timegm(time.strptime(s[:20], "%d-%b-%Y %H:%M:%S"))
    off = (int(s[22:24]) * 3600 + int(s[24:26]) * 60) * (-1 if s[21] == "-" else 1)
    return t - off


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password-file", required=True)
    ap.add_argument("folder")
    a = ap.parse_args()
    M = imaplib.IMAP4(a.host, a.port)
    M.login(a.user, open(a.password_file).read().strip())
    M.select('"%s"' % a.folder, readonly=True)
    typ, data = M.uid("FETCH", "1:*", "(UID INTERNALDATE ENVELOPE)")
    if typ != "OK":
        sys.exit("av-envelope-oracle: FETCH: %s" % typ)
    for d in sorted(fetch_items(data), key=lambda d: int(d[b"UID"])):
        env = d[b"ENVELOPE"]
        frm = addresses(env[2])
        rcpt = addresses(env[5]) + addresses(env[6]) + addresses(env[7])
        mid = text(env[9])
        if mid is not None:
            mid = re.split(r"[> \t]", mid.lstrip(" \t<"), 1)[0] or None
        name = decoded(frm[0][1]) if frm and frm[0][1] is not None else None
        print("env %d %d from=%s to=%s msgid=%s subject=%s date=%s name=%s" % (
            int(d[b"UID"]), internaldate(d[b"INTERNALDATE"]), frm[0][0] if frm else "-",
            ",".join(r for r, _ in rcpt), mid or "-",
            "-" if env[1] is None else decoded(env[1]), "-" if env[0] is None else text(env[0]),
            name or "-"))
    M.logout()


if __name__ == "__main__":
    main()
