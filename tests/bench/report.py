#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tables of the IMAP benchmark from run.sh's results (see tests/bench/README).

    report.py --work DIR [--readme README] DIR/SIZE.res...

Each SIZE.res holds key=value lines (run.sh): SCENARIO.I_KEY=VALUE for run I of a
scenario (sync-first, sync-rerun, run-first, run-rerun, run0-..., run30-..., relay-...,
own-rerun). DIR/SIZE-gen.json and DIR/SIZE-ref.json hold the generator's and the
reference's figures. Prints the tables; with --readme, replaces the part of README between
the "results" markers with them (and the machine they ran on). Times are medians of the
runs of a scenario (min-max beside them when there are several); bytes and commands do
not vary between runs (the table says so when they do). Exits 0 whatever the targets
say: the tables tell.
"""

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time

BEGIN = "<!-- BEGIN results (tests/bench/run.sh --update-readme) -->"
END = "<!-- END results -->"

# scenario -> what it is, in the order of the tables
SCENARIOS = [
    ("sync-first", "sync, first (fresh state, cold cache)"),
    ("sync-rerun", "sync, rerun"),
    ("run-first", "run, first: 16 drafts made"),
    ("run-rerun", "run, rerun: 16 tracked drafts"),
    ("run0-first", "run, first: 0 drafts (window_hours 1)"),
    ("run0-rerun", "run, rerun: 0 tracked drafts"),
    ("run30-first", "run, first: 30 drafts (window_hours 48)"),
    ("run30-rerun", "run, rerun: 30 tracked drafts"),
    ("own-rerun", "run, rerun: 30 tracked + own drafts"),
    ("relay-first", "relay 50 ms: run, first (16 drafts)"),
    ("relay-rerun", "relay 50 ms: run, rerun"),
]


def load(path):
    r = {}
    for line in open(path, encoding="utf-8", errors="replace"):
        if "=" in line:
            k, v = line.rstrip("\n").split("=", 1)
            r[k] = v
    return r


def fnum(v, default=None):
    try:
        return float(v)
    except (TypeError, ValueError):
        return default


def median(xs):
    xs = sorted(xs)
    if not xs:
        return None
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2.0


def kb(n):
    return "?" if n is None else "%.1f KB" % (n / 1024.0)


def mb(n):
    return "?" if n is None else "%.2f MB" % (n / 1048576.0)


def cmd(args):
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine():
    cpu = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = [l for l in open("/proc/meminfo") if l.startswith("MemTotal")][0].split()[1]
        mem = "%.1f GiB" % (int(mem) / 1048576.0)
    except (OSError, IndexError):
        mem = "?"
    return [
        "date:     %s" % time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "machine:  %s" % cmd(["uname", "-a"]),
        "cpu:      %s, %s cores (nproc)" % (cpu or "?", os.cpu_count()),
        "memory:   %s" % mem,
        "dovecot:  %s" % (cmd(["dovecot", "--version"]) or cmd(["/usr/sbin/dovecot", "--version"])),
        "python:   %s" % platform.python_version(),
        "commit:   %s" % (cmd(["git", "-C", os.path.dirname(os.path.abspath(__file__)),
                               "describe", "--always", "--dirty"]) or "?"),
    ]


def table(head, rows):
    w = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    out = ["| " + " | ".join(str(h).ljust(w[i]) for i, h in enumerate(head)) + " |",
           "|" + "|".join("-" * (x + 2) for x in w) + "|"]
    for r in rows:
        out.append("| " + " | ".join(str(c).ljust(w[i]) for i, c in enumerate(r)) + " |")
    return out


class Scenario:
    """The runs of one scenario of one size: key -> list of values over the runs."""

    def __init__(self, r, name):
        self.runs = {}
        pat = re.compile(re.escape(name) + r"\.(\d+)_(.*)")
        for k, v in r.items():
            m = pat.match(k)
            if m:
                self.runs.setdefault(int(m.group(1)), {})[m.group(2)] = v
        self.n = len(self.runs)

    def vals(self, key):
        return [x for x in (fnum(run.get(key)) for _, run in sorted(self.runs.items()))
                if x is not None]

    def med(self, key):
        return median(self.vals(key))

    def max(self, key):
        v = self.vals(key)
        return max(v) if v else None

    def ok(self):
        return self.n > 0 and all(run.get("rc") == "0" for run in self.runs.values())

    def spread(self, key, fmt="%.2f", unit=" s"):
        v = self.vals(key)
        if not v:
            return "?"
        s = fmt % median(v) + unit
        if len(v) > 1:
            s += " (%s-%s)" % (fmt % min(v), fmt % max(v))
        return s

    def same(self, key, fmt="%d"):
        """The value when all runs agree; else median and min-max."""
        v = self.vals(key)
        if not v:
            return "-"
        if min(v) == max(v):
            return fmt % v[0]
        return (fmt + " (%s-%s)") % (median(v), fmt % min(v), fmt % max(v))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--readme")
    ap.add_argument("res", nargs="+")
    a = ap.parse_args()
    sizes = []
    for path in a.res:
        r = load(path)
        size = r["size"]
        r["gen"] = json.load(open(os.path.join(a.work, size + "-gen.json")))
        refp = os.path.join(a.work, size + "-ref.json")
        r["ref"] = json.load(open(refp)) if os.path.exists(refp) else {}
        r["sc"] = {name: Scenario(r, name) for name, _ in SCENARIOS}
        sizes.append(r)
    by = {r["size"]: r for r in sizes}

    out = []
    out += ["Load average (1, 5, 15 min) while it ran, from /proc/loadavg (2 cores; other "
            "engineers' builds and tests ran on the machine too):", ""]
    rows = []
    for r in sizes:
        ones = [fnum(v.split()[0]) for k, v in r.items()
                if isinstance(v, str) and (k.endswith("_load") or k.startswith("load_"))]
        ones = [x for x in ones if x is not None]
        started = r.get("started")
        if not started:  # older results: when the mailbox was written
            gen = os.path.join(a.work, r["size"] + "-gen.json")
            started = time.strftime("%Y-%m-%d %H:%M:%S UTC",
                                    time.gmtime(os.path.getmtime(gen) - fnum(r["gen_seconds"], 0)))
        rows.append([r["size"], started, r.get("load_start", "?"), r.get("load_end", "?"),
                     "%.2f-%.2f" % (min(ones), max(ones)) if ones else "?"])
    out += table(["size", "started", "load at start", "at end", "1-min load over the runs"],
                 rows)

    out += ["", "Mailboxes (generated straight into the Maildir; mtime = INTERNALDATE):", ""]
    rows = []
    for r in sizes:
        g, ref = r["gen"], r["ref"]
        pend, fu = g.get("pending", {}), g.get("followups", {})
        rows.append([r["size"], r["n_sent"], r["n_inbox"], r["n_invites"],
                     "%d (%d files)" % (g["attachment_links"], g["distinct_attachment_files"]),
                     "%.0f MB" % (int(r["disk_kb"]) / 1024.0),
                     "%d / %d" % (ref.get("inbox_strict", 0), ref.get("sent_strict", 0)),
                     "%d / %d" % (ref.get("inbox_window", 0), ref.get("sent_window", 0)),
                     "%s / %s" % (pend.get("window_24h", "?"), pend.get("window_48h", "?")),
                     "%d / %d" % (len(fu.get("text_msgids", [])), fu.get("subject", 0)),
                     r.get("own_drafts", "0"),
                     "%s s / %s s" % (r["gen_seconds"], r["index_seconds"])])
    out += table(["size", "Sent", "INBOX", "invites", "multi-MB attachments", "disk",
                  "in horizon (INBOX/Sent)", "searched (INBOX/Sent)",
                  "pending (24 h / 48 h)", "follow-ups (text / subject)", "own drafts",
                  "generate / index"], rows)

    out += ["", "Runs (STARTTLS on loopback unless \"relay\"; time, CPU (client) and peak RSS "
                "of the afterview process; commands and bytes_in are afterview's own counters "
                "(bytes_in from the greeting on), out= is what Dovecot's logout line says "
                "the server sent after login; median (min-max) of the runs):", ""]
    rows = []
    for r in sizes:
        for name, what in SCENARIOS:
            s = r["sc"][name]
            if s.n == 0:
                continue
            rc = sorted(set(run.get("rc", "?") for run in s.runs.values()))
            rows.append([r["size"], what, s.n, ",".join(rc), s.spread("wall"),
                         s.spread("cpu"), "%.1f MB" % (s.max("rss_kb") / 1024.0),
                         s.same("commands"), s.same("bytes_in"), s.same("dc_out"),
                         s.same("drafts"), s.same("found"),
                         "%s / %s" % (s.same("dc_body_count"), s.same("dc_body_bytes"))])
    out += table(["size", "scenario", "runs", "exit", "wall", "cpu", "peak RSS", "commands",
                  "bytes_in", "server out=", "drafts", "found", "body_count / body_bytes"],
                 rows)

    out += ["", "First run against the reference (tests/bench/imapref.py; bytes the server "
                "sends after login, out=):", ""]
    rows = []
    for r in sizes:
        ref = r["ref"]
        o_run = r["sc"]["run-first"].med("dc_out")
        o_sync = r["sc"]["sync-first"].med("dc_out")
        mn, ideal = ref.get("minimum"), ref.get("ideal")
        rows.append([r["size"], mb(ref.get("cal_bytes")), mb(ref.get("hdr_bytes")),
                     "%s (%d)" % (kb(ref.get("text_bytes")), ref.get("text_msgs", 0)),
                     mb(mn), mb(ref.get("env_bytes")), mb(ideal), mb(o_sync), mb(o_run),
                     "%.3f" % (o_run / mn) if mn and o_run else "?",
                     "%.3f" % (o_sync / ideal) if ideal and o_sync else "?"])
    out += table(["size", "calendar parts", "Sent header fields", "texts (msgs)",
                  "minimum", "Sent ENVELOPE", "issue 4 ideal", "sync", "run", "run/minimum",
                  "sync/ideal"], rows)
    out += ["", "Model of sync's traffic in the window it searches (imapref.py):", ""]
    out += table(["size", "SEARCH", "BODYSTRUCTURE", "invite envelopes", "calendar parts",
                  "sent ENVELOPE", "model total", "sync measured"],
                 [[r["size"], mb(r["ref"].get("search_bytes")), mb(r["ref"].get("bs_bytes")),
                   mb(r["ref"].get("invite_env_bytes")), mb(r["ref"].get("cal_window_bytes")),
                   mb(r["ref"].get("sent_env_bytes")), mb(r["ref"].get("model")),
                   mb(r["sc"]["sync-first"].med("dc_out"))] for r in sizes])

    if "10k" in by and "100k" in by:
        s, b = by["10k"], by["100k"]
        msgs = (int(b["n_sent"]) + int(b["n_inbox"])) / float(int(s["n_sent"]) +
                                                              int(s["n_inbox"]))
        out += ["", "Growth from 10k to 100k (%.1fx the messages; medians):" % msgs, ""]
        rows = []
        for name, what in SCENARIOS:
            x, y = s["sc"][name], b["sc"][name]
            if x.n == 0 or y.n == 0:
                continue

            def grow(k):
                p, q = x.med(k), y.med(k)
                return "%.2fx" % (q / p) if p else "%s -> %s" % (p, q)
            rows.append([what, grow("dc_out"), "%s -> %s" % (x.same("commands"),
                                                            y.same("commands")),
                         grow("wall"), grow("cpu"), grow("rss_kb")])
        out += table(["scenario", "server out=", "commands", "wall", "cpu", "peak RSS"], rows)

    if any(r["sc"]["relay-first"].n for r in sizes):
        out += ["", "Latency: the same `run` through tests/bench/relay.py (25 ms each way) "
                    "against loopback:", ""]
        rows = []
        for r in sizes:
            for kind in ("first", "rerun"):
                lo, rl = r["sc"]["run-" + kind], r["sc"]["relay-" + kind]
                if rl.n == 0:
                    continue
                w0, w1 = lo.med("wall"), rl.med("wall")
                c = rl.med("commands")
                rows.append([r["size"], kind, "%.2f s" % w0, "%.2f s" % w1,
                             "%.1fx" % (w1 / w0) if w0 else "?", "%d" % c,
                             "%.1f s" % (c * 0.05)])
        out += table(["size", "run", "loopback", "relay", "relay/loopback", "commands",
                      "commands x 50 ms"], rows)

    # ---- targets ----
    def verdict(ok):
        return "PASS" if ok else "FAIL"

    def sc_ok(*names):
        return all(r["sc"][n].ok() for r in sizes for n in names)

    t = []
    # issue 4, on sync
    vals = ["%s: %d B" % (r["size"], r["sc"]["sync-rerun"].med("dc_out") or 0) for r in sizes]
    ok = sc_ok("sync-rerun") and all(r["sc"]["sync-rerun"].max("dc_out") <= 10240
                                     for r in sizes)
    t.append(["4", "sync rerun: server sends <= 10 KB (out=)", ", ".join(vals), verdict(ok)])
    vals, ok = [], sc_ok("sync-first")
    for r in sizes:
        ideal = r["ref"].get("ideal", 0)
        o = r["sc"]["sync-first"].med("dc_out") or 0
        x = o / ideal if ideal else float("inf")
        vals.append("%s: %.3fx" % (r["size"], x))
        ok = ok and x <= 1.2
    t.append(["4", "sync first: out= <= 1.2 x (calendar parts + Sent ENVELOPE in horizon)",
              "; ".join(vals), verdict(ok)])
    vals, ok = [], sc_ok("sync-first")
    for r in sizes:
        ref = r["ref"]
        extra = (r["sc"]["sync-first"].med("dc_body_bytes") or 0) - ref.get("cal_window_size", 0)
        vals.append("%s: %d B beyond the calendar parts" % (r["size"], extra))
        ok = ok and extra <= 0
    t.append(["4", "sync first: zero attachment bytes", "; ".join(vals), verdict(ok)])

    # issue 12
    vals, ok = [], sc_ok("sync-first", "run-first")
    for r in sizes:
        ws, wr = r["sc"]["sync-first"].med("wall"), r["sc"]["run-first"].med("wall")
        x = wr / ws if ws else float("inf")
        vals.append("%s: %.2f / %.2f s = %.2fx" % (r["size"], wr, ws, x))
        if r["size"] == "100k" or "100k" not in by:
            ok = ok and x <= 1.3
    t.append(["12", "100k: first run wall <= 1.3 x sync alone (medians, cold cache)",
              "; ".join(vals), verdict(ok)])
    vals, ok = [], sc_ok("run-first")
    for r in sizes:
        mn = r["ref"].get("minimum", 0)
        o = r["sc"]["run-first"].med("dc_out") or 0
        x = o / mn if mn else float("inf")
        vals.append("%s: %.3fx (%s / %s)" % (r["size"], x, mb(o), mb(mn)))
        ok = ok and x <= 1.2
    t.append(["12", "first run: out= <= 1.2 x the physical minimum", "; ".join(vals),
              verdict(ok)])
    for name, label in (("run0-rerun", "0 tracked drafts"), ("run30-rerun", "30 tracked drafts"),
                        ("own-rerun", "30 tracked + own drafts (bench's reading)")):
        if not any(r["sc"][name].n for r in sizes):
            continue
        vals, ok = [], sc_ok(name)
        for r in sizes:
            s = r["sc"][name]
            c, b = s.max("commands") or 0, s.max("bytes_in") or 0
            vals.append("%s: %d commands, %s" % (r["size"], c, kb(b)))
            ok = ok and c <= 10 and b <= 4096
        t.append(["12", "rerun, %s: <= 10 commands and <= 4 KB (bytes_in)" % label,
                  "; ".join(vals), verdict(ok)])
    if "10k" in by and "100k" in by:
        vals, ok = [], sc_ok("run0-rerun", "run30-rerun")
        for name in ("run0-rerun", "run30-rerun"):
            x, y = by["10k"]["sc"][name], by["100k"]["sc"][name]
            b10, b100 = x.med("bytes_in") or 0, y.med("bytes_in") or 0
            c10, c100 = x.med("commands") or 0, y.med("commands") or 0
            ratio = b100 / b10 if b10 else float("inf")
            vals.append("%s: bytes %.3fx, commands %d -> %d" % (name, ratio, c10, c100))
            ok = ok and ratio <= 1.10 and c100 <= c10
        t.append(["12", "rerun flat from 10k to 100k (bytes x<=1.10, same commands)",
                  "; ".join(vals), verdict(ok)])
    if any(r["sc"]["relay-first"].n for r in sizes):
        vals, ok = [], sc_ok("relay-first", "run-first")
        for r in sizes:
            w0, w1 = r["sc"]["run-first"].med("wall"), r["sc"]["relay-first"].med("wall")
            x = w1 / w0 if w0 else float("inf")
            vals.append("%s: %.2f / %.2f s = %.1fx" % (r["size"], w1, w0, x))
            if r["size"] == "100k" or "100k" not in by:
                ok = ok and x <= 3
        t.append(["12", "relay: 100k first run within 3 x its loopback time", "; ".join(vals),
                  verdict(ok)])
        vals, ok = [], sc_ok("relay-rerun")
        for r in sizes:
            w = r["sc"]["relay-rerun"].med("wall") or 0
            vals.append("%s: %.2f s" % (r["size"], w))
            ok = ok and w <= 1.0
        t.append(["12", "relay: rerun <= 1 s (median)", "; ".join(vals), verdict(ok)])
    vals, ok = [], True
    for r in sizes:
        m = max(r["sc"][n].max("rss_kb") or 0 for n, _ in SCENARIOS)
        vals.append("%s: %.1f MB" % (r["size"], m / 1024.0))
        ok = ok and 0 < m <= 32768
    t.append(["4, 12", "peak RSS <= 32 MB (every run)", "; ".join(vals), verdict(ok)])
    out += ["", "Targets (issue 4 on sync, issue 12 on the whole run):", ""]
    out += table(["issue", "target", "measured", "result"], t)

    text = "\n".join(out)
    print(text)
    if a.readme:
        block = "\n".join([BEGIN, "", "```"] + machine() + ["```", "", text, "", END])
        old = open(a.readme).read() if os.path.exists(a.readme) else ""
        if BEGIN in old and END in old:
            new = old[:old.index(BEGIN)] + block + old[old.index(END) + len(END):]
        else:
            new = old.rstrip("\n") + "\n\n" + block + "\n"
        with open(a.readme, "w") as f:
            f.write(new)
        print("\nrun.sh: tables written to %s" % a.readme, file=sys.stderr)


if __name__ == "__main__":
    main()
