#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A capture SMTP server for the client tests: it answers like a real server, records
the dialogue and delivers nothing anywhere.

    av-smtp-sink.py --port-file FILE --log FILE

Listens on a free port on 127.0.0.1 (written to --port-file once it accepts) and serves
one connection at a time until it is killed. --log gets one line per command the client
sent ("C: MAIL FROM:<...>", "C: RCPT TO:<...>"), one per reply that refused something
("S: 501 ..."), and an accepted message between "--- data" and "--- end".

Like a real server (Postfix), it refuses a recipient that is not <local@domain> with
501 5.1.3 and a DATA without an accepted recipient with 554 5.5.1.
"""
import argparse
import os
import re
import socket

GOOD_RCPT = re.compile(r"^RCPT TO:\s*<[^<>@\s]+@[^<>@\s]+>", re.I)


def serve(conn, log):
    f = conn.makefile("rwb")

    def reply(line):
        f.write(line.encode() + b"\r\n")
        f.flush()

    rcpts = 0

    def refuse(line):
        log.write("S: %s\n" % line)
        log.flush()
        reply(line)

    reply("220 sink.test ESMTP capture")
    while True:
        line = f.readline()
        if not line:
            return
        cmd = line.rstrip(b"\r\n").decode("utf-8", "replace")
        log.write("C: %s\n" % cmd)
        log.flush()
        verb = cmd.split(" ", 1)[0].upper()
        if verb in ("EHLO", "HELO"):
            reply("250-sink.test")
            reply("250 8BITMIME")
        elif verb == "MAIL":
            rcpts = 0
            reply("250 ok")
        elif verb == "RCPT" and not GOOD_RCPT.match(cmd):
            refuse("501 5.1.3 Bad recipient address syntax")
        elif verb == "RCPT":
            rcpts += 1
            reply("250 ok")
        elif verb == "DATA" and rcpts == 0:
            refuse("554 5.5.1 Error: no valid recipients")
        elif verb == "DATA":
            reply("354 go ahead")
            log.write("--- data\n")
            while True:
                d = f.readline()
                if not d or d in (b".\r\n", b".\n"):
                    break
                log.write(d.decode("utf-8", "replace").rstrip("\r\n") + "\n")
            log.write("--- end\n")
            log.flush()
            reply("250 2.0.0 captured")
        elif verb == "QUIT":
            reply("221 bye")
            return
        else:
            reply("250 ok")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    a = ap.parse_args()
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(4)
    with open(a.port_file + ".tmp", "w") as p:
        p.write("%d\n" % s.getsockname()[1])
    os.rename(a.port_file + ".tmp", a.port_file)
    with open(a.log, "a") as log:
        while True:
            conn, _ = s.accept()
            with conn:
                try:
                    serve(conn, log)
                except OSError:
                    pass


if __name__ == "__main__":
    main()
