#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Tables of the sync benchmark from run.sh's results (see tests/bench/README).

    report.py --work DIR [--readme README] DIR/SIZE.res...

Each SIZE.res holds key=value lines (run.sh); DIR/SIZE-gen.json and DIR/SIZE-ref.json the
generator's and the reference's figures. Prints the tables; with --readme, replaces the
part of README between the "results" markers with them (and the machine they ran on).
Exits 0 whatever the targets say: the table tells.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import time

BEGIN = "<!-- BEGIN results (tests/bench/run.sh --update-readme) -->"
END = "<!-- END results -->"


def load(path):
    r = {}
    for line in open(path, encoding="utf-8", errors="replace"):
        if "=" in line:
            k, v = line.rstrip("\n").split("=", 1)
            r[k] = v
    return r


def num(r, k, default=0):
    try:
        return float(r.get(k, ""))
    except ValueError:
        return default


def kb(n):
    return "%.1f KB" % (n / 1024.0)


def mb(n):
    return "%.2f MB" % (n / 1048576.0)


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
        sizes.append(r)

    out = []
    out += ["Mailboxes (generated straight into the Maildir; mtime = INTERNALDATE):", ""]
    rows = []
    for r in sizes:
        g, ref = r["gen"], r["ref"]
        rows.append([r["size"], r["n_sent"], r["n_inbox"], r["n_invites"],
                     "%d (%d files)" % (g["attachment_links"], g["distinct_attachment_files"]),
                     "%.0f MB" % (int(r["disk_kb"]) / 1024.0),
                     "%d / %d" % (ref.get("inbox_strict", 0), ref.get("sent_strict", 0)),
                     "%d / %d" % (ref.get("inbox_window", 0), ref.get("sent_window", 0)),
                     "%s s / %s s" % (r["gen_seconds"], r["index_seconds"])])
    out += table(["size", "Sent", "INBOX", "invites", "multi-MB attachments", "disk",
                  "in horizon (INBOX/Sent)", "searched (INBOX/Sent)",
                  "generate / index"], rows)
    out += ["", "Runs (`afterview sync`, STARTTLS on loopback; bytes are what Dovecot's "
                "logout line says the server sent):", ""]
    rows = []
    for r in sizes:
        for run in ("first", "rerun"):
            p = run + "_"
            rows.append([r["size"], run, r.get(p + "rc", "?"), r.get(p + "wall", "?") + " s",
                         r.get(p + "cpu", "?") + " s",
                         "%d (%s)" % (num(r, p + "dc_out"), kb(num(r, p + "dc_out"))),
                         "%d" % num(r, p + "dc_in"), r.get(p + "commands", "?"),
                         r.get(p + "new", "?"), r.get(p + "calendars", "?"),
                         r.get(p + "sent", "?"),
                         "%d / %d" % (num(r, p + "dc_body_count"), num(r, p + "dc_body_bytes")),
                         "%.1f MB" % (num(r, p + "rss_kb") / 1024.0)])
    out += table(["size", "run", "exit", "wall", "cpu (client)", "server sent (out=)",
                  "client sent (in=)", "commands", "new", "calendars", "sent",
                  "body_count / body_bytes", "peak RSS"], rows)

    out += ["", "First run against the ideal (reference FETCHes by tests/bench/imapref.py):",
            ""]
    rows = []
    for r in sizes:
        ref = r["ref"]
        o = num(r, "first_dc_out")
        rows.append([r["size"], mb(ref.get("cal_bytes", 0)), mb(ref.get("env_bytes", 0)),
                     mb(ref.get("ideal", 0)), mb(o),
                     "%.3f" % (o / ref["ideal"]) if ref.get("ideal") else "?",
                     mb(ref.get("search_bytes", 0)), mb(ref.get("bs_bytes", 0)),
                     mb(ref.get("invite_env_bytes", 0)), mb(ref.get("cal_window_bytes", 0)),
                     mb(ref.get("sent_env_bytes", 0)), mb(ref.get("model", 0))])
    out += table(["size", "calendar parts", "sent envelopes", "ideal", "measured",
                  "measured/ideal", "model: SEARCH", "BODYSTRUCTURE", "invite envelopes",
                  "calendar parts", "sent header fields", "model total"], rows)

    by = {r["size"]: r for r in sizes}
    if "10k" in by and "100k" in by:
        s, b = by["10k"], by["100k"]

        def grow(k):
            x, y = num(s, k), num(b, k)
            return "%.2fx" % (y / x) if x else "%g -> %g" % (x, y)
        msgs = (int(b["n_sent"]) + int(b["n_inbox"])) / float(int(s["n_sent"]) +
                                                              int(s["n_inbox"]))
        out += ["", "Growth from 10k to 100k (%.1fx the messages):" % msgs, ""]
        out += table(["run", "server bytes", "commands", "wall", "client cpu", "peak RSS"],
                     [[run, grow(run + "_dc_out"), grow(run + "_commands"),
                       grow(run + "_wall"), grow(run + "_cpu"), grow(run + "_rss_kb")]
                      for run in ("first", "rerun")])

    # targets
    def verdict(ok):
        return "PASS" if ok else "FAIL"

    t = []
    all_ok = all(r.get("first_rc") == "0" and r.get("rerun_rc") == "0" for r in sizes)
    vals = ["%s: %d B" % (r["size"], num(r, "rerun_dc_out")) for r in sizes]
    ok = all_ok and all(num(r, "rerun_dc_out") <= 10240 for r in sizes)
    t.append(["rerun: server sends <= 10 KB", ", ".join(vals), verdict(ok)])
    if "10k" in by and "100k" in by:
        a10, a100 = num(by["10k"], "rerun_dc_out"), num(by["100k"], "rerun_dc_out")
        c10, c100 = num(by["10k"], "rerun_commands"), num(by["100k"], "rerun_commands")
        ratio = a100 / a10 if a10 else 0
        t.append(["rerun: flat from 10k to 100k (bytes x<=1.10, same commands)",
                  "%.3fx, commands %d -> %d" % (ratio, c10, c100),
                  verdict(all_ok and ratio <= 1.10 and c100 <= c10)])
    vals, ok = [], all_ok
    for r in sizes:
        ideal = r["ref"].get("ideal", 0)
        o = num(r, "first_dc_out")
        x = o / ideal if ideal else float("inf")
        vals.append("%s: %.3fx (%s over 1.2x)" % (r["size"], x, mb(max(0, o - 1.2 * ideal)))
                    if x > 1.2 else "%s: %.3fx" % (r["size"], x))
        ok = ok and x <= 1.2
    t.append(["first run: server bytes <= 1.2 x (calendar parts + sent envelopes in horizon)",
              "; ".join(vals), verdict(ok)])
    vals, ok = [], all_ok
    for r in sizes:
        ref = r["ref"]
        extra = num(r, "first_dc_body_bytes") - ref.get("cal_window_size", 0)
        vals.append("%s: %d B of bodies beyond the calendar parts (%d parts, %d fetched)" %
                    (r["size"], extra, ref.get("cal_window_parts", 0),
                     num(r, "first_dc_body_count")))
        ok = ok and extra <= 0
    t.append(["first run: zero attachment bytes", "; ".join(vals), verdict(ok)])
    vals = ["%s: %.1f / %.1f MB" % (r["size"], num(r, "first_rss_kb") / 1024.0,
                                    num(r, "rerun_rss_kb") / 1024.0) for r in sizes]
    ok = all(max(num(r, "first_rss_kb"), num(r, "rerun_rss_kb")) <= 32768 for r in sizes)
    t.append(["peak RSS <= 32 MB (first / rerun)", "; ".join(vals), verdict(all_ok and ok)])
    if "10k" in by and "100k" in by:
        m10 = max(num(by["10k"], "first_rss_kb"), num(by["10k"], "rerun_rss_kb"))
        m100 = max(num(by["100k"], "first_rss_kb"), num(by["100k"], "rerun_rss_kb"))
        ratio = m100 / m10 if m10 else 0
        t.append(["peak RSS flat from 10k to 100k (x<=1.25)", "%.2fx (%.1f -> %.1f MB)" %
                  (ratio, m10 / 1024.0, m100 / 1024.0), verdict(all_ok and ratio <= 1.25)])
    out += ["", "Targets (issue 4):", ""]
    out += table(["target", "measured", "result"], t)

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
