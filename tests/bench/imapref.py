#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reference measurements for the sync benchmark (python3 stdlib imaplib, plain loopback).

    imapref.py --port P --user U --password-file F --now 2026-11-25T12:00:00Z
               [--horizon-days 60] [--folder INBOX ...] [--sent Sent] [--out FILE]

Run it after the measured syncs (it fills Dovecot's cache). For each invite folder and
for Sent it finds the messages within the horizon (INTERNALDATE >= now - horizon, the
strict horizon) and the messages the product's search selects (UID SEARCH SINCE the day
of now - horizon - 12 h, in UTC, as plugin/imap.c asks), and measures, in bytes the
server sends (every byte of the responses, tagged line included):

  cal_bytes      the calendar parts (text/calendar, application/ics, *.ics) of the
                 invite-folder messages in the horizon, as encoded (BODYSTRUCTURE size)
  env_bytes      UID FETCH (ENVELOPE) of the Sent messages in the horizon
  ideal          cal_bytes + env_bytes: what issue 4's target is relative to

and issue 12's "physical minimum" of a first `run`:

  hdr_bytes      UID FETCH (BODY.PEEK[HEADER.FIELDS (DATE FROM TO CC BCC SUBJECT)]) of the
                 Sent messages in the horizon (batches of 500, as env_bytes); hdr_data:
                 the header bytes alone (the literals)
  text_bytes     one UID FETCH (BODY.PEEK[TEXT]<0.2048>) of the Sent messages in the
                 horizon that could be thank-yous: sent to an interviewer after the
                 interview, with a subject that does not tell (genmail.py's follow-ups
                 of kind "text", by Message-ID from --gen-stats); text_msgs of them
  minimum        cal_bytes + hdr_bytes + text_bytes

and, to explain the product's figure (its traffic in the window it searches):

  search_bytes   the UID SEARCH UID n:* SINCE d responses
  bs_bytes       UID FETCH (UID BODYSTRUCTURE) of every invite-folder message searched
  invite_env_bytes  UID FETCH (UID BODY.PEEK[HEADER.FIELDS (the envelope's fields and the
                    list headers)]) of the messages with invites, as plugin/imap.c asks
  sent_env_bytes    UID FETCH (UID BODY.PEEK[HEADER.FIELDS (DATE FROM TO CC BCC SUBJECT
                    MESSAGE-ID)]) of the Sent messages searched (issue 12: not ENVELOPE)
  cal_window_bytes  UID FETCH (UID BODY.PEEK[part]) of every calendar part in the window
  cal_window_size   the sizes of those parts (what Dovecot's body_bytes should count)

Prints one JSON object.
"""

import argparse
import calendar
import imaplib
import json
import re
import sys
import time

BATCH = 500
# What plugin/imap.c's envelopes operation asks for (issue 12)
ENV_FIELDS = "DATE FROM TO CC BCC SUBJECT MESSAGE-ID"
SENT_ITEMS = "(UID BODY.PEEK[HEADER.FIELDS (%s)])" % ENV_FIELDS
INVITE_ITEMS = "(UID BODY.PEEK[HEADER.FIELDS (%s LIST-ID LIST-UNSUBSCRIBE PRECEDENCE)])" % ENV_FIELDS


class CountingIMAP(imaplib.IMAP4):
    """imaplib that counts the bytes it reads from the server."""

    nread = 0

    def read(self, size):
        data = super().read(size)
        self.nread += len(data)
        return data

    def readline(self):
        line = super().readline()
        self.nread += len(line)
        return line


imaplib._MAXLINE = 50 * 1024 * 1024


def measured(M, *args):
    before = M.nread
    typ, data = M.uid(*args)
    if typ != "OK":
        sys.exit("imapref: UID %s: %s %r" % (args[0], typ, data[:1]))
    return M.nread - before, data


def uid_sets(uids, batch=BATCH):
    """Batches of at most `batch` UIDs as compact IMAP sets (ranges)."""
    for off in range(0, len(uids), batch):
        chunk = uids[off:off + batch]
        parts, i = [], 0
        while i < len(chunk):
            j = i
            while j + 1 < len(chunk) and chunk[j + 1] == chunk[j] + 1:
                j += 1
            parts.append(str(chunk[i]) if i == j else "%d:%d" % (chunk[i], chunk[j]))
            i = j + 1
        yield ",".join(parts), chunk


# ---- a small IMAP data parser: enough for BODYSTRUCTURE ----

TOKEN = re.compile(rb'\s*(?:(\()|(\))|"((?:[^"\\]|\\.)*)"|\{(\d+)\}\r\n|([^\s()"{]+))', re.S)


def parse(buf, pos=0):
    """Parse one IMAP value at buf[pos:]; return (value, newpos). Lists become lists,
    strings bytes, NIL None."""
    stack, cur = [], None
    while True:
        m = TOKEN.match(buf, pos)
        if not m:
            raise ValueError("parse error at %d: %r" % (pos, buf[pos:pos + 40]))
        pos = m.end()
        if m.group(1):
            stack.append([])
            continue
        if m.group(2):
            v = stack.pop()
        elif m.group(3) is not None:
            v = re.sub(rb"\\(.)", rb"\1", m.group(3))
        elif m.group(4) is not None:
            n = int(m.group(4))
            v, pos = buf[pos:pos + n], pos + n
        else:
            v = None if m.group(5).upper() == b"NIL" else m.group(5)
        if not stack:
            return v, pos
        stack[-1].append(v)


def join_response(item):
    """imaplib gives an untagged FETCH with literals as tuples: rebuild the raw bytes."""
    if isinstance(item, tuple):
        return item[0] + b"\r\n" + item[1]
    return item


def fetch_items(data):
    """Yield the attribute dict of each FETCH response in imaplib's data list."""
    raw, buf = [], b""
    for item in data:
        if item is None:
            continue
        if isinstance(item, tuple):
            buf += join_response(item)
        else:
            buf += item
            raw.append(buf)
            buf = b""
    if buf:
        raw.append(buf)
    for r in raw:
        m = re.match(rb"\d+ ", r)
        if not m:
            continue
        v, _ = parse(r, m.end())
        d = {}
        for k in range(0, len(v) - 1, 2):
            d[v[k].upper()] = v[k + 1]
        yield d


def s(v):
    return v.decode("utf-8", "replace").lower() if isinstance(v, bytes) else ""


def params(lst):
    d = {}
    if isinstance(lst, list):
        for k in range(0, len(lst) - 1, 2):
            d[s(lst[k])] = s(lst[k + 1])
    return d


def is_ics(d, base):
    v = "".join(val for k, val in sorted(d.items()) if k == base or k.startswith(base + "*"))
    return v.rstrip(' "').endswith(".ics")


def calendar_parts(body, prefix=""):
    """(section, size) of the calendar parts, the way plugin/imap.c's walk finds them."""
    if not isinstance(body, list) or not body:
        return []
    if isinstance(body[0], list):  # multipart
        out, i = [], 1
        for child in body:
            if not isinstance(child, list):
                break
            out += calendar_parts(child, "%s.%d" % (prefix, i) if prefix else str(i))
            i += 1
        return out
    typ, sub = s(body[0]), s(body[1])
    if typ == "message" and sub == "rfc822":
        return []
    par = params(body[2])
    size = int(body[6]) if len(body) > 6 and body[6] is not None else 0
    ext = 8 if typ == "text" else 7
    dsp = body[ext + 1] if len(body) > ext + 1 else None
    dpar = params(dsp[1]) if isinstance(dsp, list) and len(dsp) > 1 else {}
    if ((typ, sub) in (("text", "calendar"), ("application", "ics")) or is_ics(par, "name") or
            is_ics(dpar, "filename")):
        return [(prefix or "1", size)]
    return []


# ---- the measurement ----

def internaldate(v):
    t = time.strptime(v.decode()[:20], "%d-%b-%Y %H:%M:%S")
    z = v.decode()[21:]
    off = (int(z[1:3]) * 3600 + int(z[3:5]) * 60) * (-1 if z[0] == "-" else 1)
    return calendar.timegm(t) - off


def folder_window(M, folder, horizon_start, since_day):
    typ, _ = M.select('"%s"' % folder, readonly=True)
    if typ != "OK":
        sys.exit("imapref: EXAMINE %s failed" % folder)
    _, data = measured(M, "FETCH", "1:*", "(INTERNALDATE)")
    dates = {}
    for d in fetch_items(data):
        dates[int(d[b"UID"])] = internaldate(d[b"INTERNALDATE"])
    strict = sorted(u for u, t in dates.items() if t >= horizon_start)
    nbytes, data = measured(M, "SEARCH", "UID", "1:*", "SINCE", since_day)
    window = sorted(int(x) for x in b" ".join(x for x in data if x).split())
    return dates, strict, window, nbytes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password-file", required=True)
    ap.add_argument("--now", required=True)
    ap.add_argument("--horizon-days", type=int, default=60)
    ap.add_argument("--folder", action="append", default=None)
    ap.add_argument("--sent", default="Sent")
    ap.add_argument("--gen-stats", help="genmail.py's --stats file: the follow-ups to read")
    ap.add_argument("--out")
    a = ap.parse_args()
    now = calendar.timegm(time.strptime(a.now, "%Y-%m-%dT%H:%M:%SZ"))
    horizon_start = now - a.horizon_days * 86400
    since_day = time.strftime("%d-%b-%Y", time.gmtime(horizon_start - 12 * 3600))
    M = CountingIMAP(a.host, a.port)
    M.login(a.user, open(a.password_file).read().strip())
    r = {"horizon_start": horizon_start, "since": since_day, "cal_bytes": 0, "cal_parts": 0,
         "cal_window_bytes": 0, "cal_window_parts": 0, "cal_window_size": 0, "bs_bytes": 0, "search_bytes": 0,
         "invite_env_bytes": 0, "invite_msgs": 0, "inbox_strict": 0, "inbox_window": 0,
         "inbox_total": 0}
    for folder in a.folder or ["INBOX"]:
        dates, strict, window, nb = folder_window(M, folder, horizon_start, since_day)
        strict_set = set(strict)
        r["search_bytes"] += nb
        r["inbox_total"] += len(dates)
        r["inbox_strict"] += len(strict)
        r["inbox_window"] += len(window)
        with_cal = []
        for uidset, _ in uid_sets(window):
            nb, data = measured(M, "FETCH", uidset, "(UID BODYSTRUCTURE)")
            r["bs_bytes"] += nb
            for d in fetch_items(data):
                uid = int(d[b"UID"])
                parts = calendar_parts(d[b"BODYSTRUCTURE"])
                if parts:
                    with_cal.append((uid, parts))
        for uid, parts in with_cal:
            for sec, size in parts:
                nb, data = measured(M, "FETCH", str(uid), "(UID BODY.PEEK[%s])" % sec)
                got = [x[1] for x in data if isinstance(x, tuple)]
                if got and len(got[0]) != size:
                    print("imapref: UID %d part %s: %d octets, BODYSTRUCTURE says %d" %
                          (uid, sec, len(got[0]), size), file=sys.stderr)
                r["cal_window_bytes"] += nb
                r["cal_window_parts"] += 1
                r["cal_window_size"] += size
                if uid in strict_set:
                    r["cal_bytes"] += size
                    r["cal_parts"] += 1
        uids = sorted(u for u, _ in with_cal)
        r["invite_msgs"] += len(uids)
        for uidset, _ in uid_sets(uids, 200):
            nb, _ = measured(M, "FETCH", uidset, INVITE_ITEMS)
            r["invite_env_bytes"] += nb
    dates, strict, window, nb = folder_window(M, a.sent, horizon_start, since_day)
    r["search_bytes"] += nb
    r["sent_total"], r["sent_strict"], r["sent_window"] = len(dates), len(strict), len(window)
    r["env_bytes"] = 0
    for uidset, _ in uid_sets(strict):
        nb, _ = measured(M, "FETCH", uidset, "(ENVELOPE)")
        r["env_bytes"] += nb
    r["hdr_bytes"] = r["hdr_data"] = 0
    for uidset, _ in uid_sets(strict):
        nb, data = measured(M, "FETCH", uidset,
                            "(BODY.PEEK[HEADER.FIELDS (DATE FROM TO CC BCC SUBJECT)])")
        r["hdr_bytes"] += nb
        r["hdr_data"] += sum(len(x[1]) for x in data if isinstance(x, tuple))
    msgids = []
    if a.gen_stats:
        msgids = json.load(open(a.gen_stats)).get("followups", {}).get("text_msgids", [])
    strict_set = set(strict)
    texts = []
    for mid in msgids:
        _, data = measured(M, "SEARCH", "HEADER", "Message-ID", '"<%s>"' % mid)
        texts += [int(x) for x in b" ".join(x for x in data if x).split()
                  if int(x) in strict_set]
    r["text_msgs"], r["text_bytes"] = len(texts), 0
    if texts:
        uidset = next(uid_sets(sorted(texts), len(texts)))[0]
        r["text_bytes"], _ = measured(M, "FETCH", uidset, "(BODY.PEEK[TEXT]<0.2048>)")
    r["sent_env_bytes"] = 0
    for uidset, _ in uid_sets(window, 200):
        nb, _ = measured(M, "FETCH", uidset, SENT_ITEMS)
        r["sent_env_bytes"] += nb
    M.logout()
    r["ideal"] = r["cal_bytes"] + r["env_bytes"]
    r["minimum"] = r["cal_bytes"] + r["hdr_bytes"] + r["text_bytes"]
    r["model"] = (r["search_bytes"] + r["bs_bytes"] + r["invite_env_bytes"] +
                  r["cal_window_bytes"] + r["sent_env_bytes"])
    js = json.dumps(r, sort_keys=True)
    if a.out:
        with open(a.out, "w") as f:
            f.write(js + "\n")
    print(js)


if __name__ == "__main__":
    main()
