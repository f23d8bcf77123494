#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""av-fakeimap - a scripted IMAP server for the faults Dovecot cannot produce.

	av-fakeimap.py --scenario NAME --port-file F --log F [--bind ADDR]
		[--cert PEM --key PEM]

Listens on ADDR (127.0.0.1) on a free port, writes the port to the port file, serves
connections one after another and plays the scenario. Every line the client sends is
appended to the log as "C: line" (a LOGIN's arguments as they came, so that a test can
prove that no credential was sent); "event: ..." lines note what the server did.
It exits after --connections connections (default 1) or when killed.

Scenarios (after the greeting, LOGIN succeeds unless the scenario says otherwise):
  stall-greeting    accept and send nothing at all
  stall-login       greet, then never answer (LOGIN hangs)
  stall-examine     log in, then never answer EXAMINE
  huge-literal      UID FETCH answers with a literal announcing 4 GiB, then stalls
  huge-subject      UID FETCH of the envelope's header fields answers with a 4 GiB
                    literal as the header block
  eof-in-literal    UID FETCH answers "{100}" and 3 octets, then closes
  bye-mid-fetch     UID FETCH answers half a BODYSTRUCTURE, then BYE and close
  garbage           EXAMINE answers with binary garbage, then closes
  endless           EXAMINE answers with one endless line
  oversize-part     UID FETCH BODY.PEEK[1]<0.N> answers with N+100 octets
  special-use-return plain LIST has no special-use; LIST RETURN (SPECIAL-USE) has
                    \\Sent on "Sent Stuff"; UIDNEXT missing from EXAMINE
  preauth-starttls  greets with PREAUTH (the client wants STARTTLS)
  starttls-inject   STARTTLS answer with a plain-text line appended, then TLS
  no-starttls       offers no STARTTLS
  close-after-login closes the connection right after LOGIN succeeded
  no-uidplus        no UIDPLUS in any capability list; LIST has \\Drafts on Drafts
  list-return-bad   SPECIAL-USE offered, no special-use in LIST; LIST RETURN
                    (SPECIAL-USE) answered BAD (Cyrus on a line with a trailing space)
  list-return-no    the same, answered NO
  list-return-strict the same, but LIST RETURN (SPECIAL-USE) answered (\\Sent on
                    "Sent Stuff") when the line is exactly as RFC 6154 writes it, BAD
                    for anything more (a trailing space)
  append-readonly   Courier: no UNSELECT, no SPECIAL-USE; Drafts and Sent by name;
                    APPEND to the mailbox selected by EXAMINE answered
                    "NO Current box is selected READ-ONLY."
  append-unselect   the same, with UNSELECT offered
  status-other      STATUS answered with the STATUS of another mailbox (UIDNEXT 999)
  status-bad        STATUS answered BAD
  status-twice      LIST answered, then its tagged OK a second time (out of turn)
  expunge-no        LIST has \\Drafts on Drafts; SELECT is read-write; UID 7 carries
                    "X-Afterview-Id: tok-fake" folded over two lines; UID STORE is OK,
                    UID EXPUNGE answers NO
"""
import argparse
import os
import re
import socket
import ssl
import sys
import time

CAPS = "IMAP4rev1 LITERAL+ AUTH=PLAIN"


class Conn:
    def __init__(self, sock, log):
        self.sock = sock
        self.log = log
        self.buf = b""

    def note(self, text):
        self.log.write(text + "\n")
        self.log.flush()

    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        try:
            self.sock.sendall(data)
        except OSError as e:
            self.note("event: send failed: %s" % e)
            raise

    def line(self):
        """One client line (literals included), or None at EOF."""
        while b"\r\n" not in self.buf:
            try:
                chunk = self.sock.recv(65536)
            except OSError:
                return None
            if not chunk:
                return None
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        m = re.search(rb"\{(\d+)(\+?)\}$", line)
        if m:
            # A client literal: say go on (unless LITERAL+), then read it.
            if not m.group(2):
                self.send("+ go on\r\n")
            n = int(m.group(1))
            while len(self.buf) < n + 2:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return None
                self.buf += chunk
            lit = self.buf[:n]
            self.buf = self.buf[n:]
            rest = self.line()
            return line + b"\r\n" + lit + (rest or b"")
        text = line.decode("utf-8", "replace")
        self.note("C: " + text)
        return text

    def stall(self):
        self.note("event: stalling")
        try:
            while self.sock.recv(65536):
                pass
        except OSError:
            pass
        time.sleep(3600)


def examine_reply(tag, uidnext=True):
    out = "* FLAGS (\\Seen \\Draft)\r\n* 1 EXISTS\r\n* 0 RECENT\r\n"
    out += "* OK [UIDVALIDITY 42] UIDs valid\r\n"
    if uidnext:
        out += "* OK [UIDNEXT 2] next\r\n"
    return out + "%s OK [READ-ONLY] Examine completed\r\n" % tag


def serve(c, sc, args):
    if sc == "stall-greeting":
        c.stall()
        return
    caps = CAPS if sc in ("no-starttls", "no-uidplus") else CAPS + " STARTTLS"
    selected = None  # (name, read_only)
    if sc == "preauth-starttls":
        c.send("* PREAUTH [CAPABILITY %s] welcome, no need to log in\r\n" % caps)
    else:
        c.send("* OK [CAPABILITY %s] fake server ready\r\n" % caps)
    if sc == "stall-login":
        c.stall()
        return
    while True:
        line = c.line()
        if line is None:
            c.note("event: client closed")
            return
        if isinstance(line, bytes):
            line = line.decode("utf-8", "replace")
        parts = line.split(" ", 2)
        if len(parts) < 2:
            c.send("* BAD what\r\n")
            continue
        tag, cmd = parts[0], parts[1].upper()
        rest = parts[2] if len(parts) > 2 else ""
        if cmd == "CAPABILITY":
            c.send("* CAPABILITY %s\r\n%s OK done\r\n" % (caps, tag))
        elif cmd == "STARTTLS":
            if sc == "starttls-inject":
                # One write, so that the injected line arrives with the answer.
                c.send("%s OK Begin TLS\r\n* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected\r\n"
                       % tag)
                c.note("event: injected a plain-text line after the STARTTLS answer")
            else:
                c.send("%s OK Begin TLS\r\n" % tag)
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(args.cert, args.key)
            try:
                c.sock = ctx.wrap_socket(c.sock, server_side=True)
                c.note("event: TLS established")
            except (ssl.SSLError, OSError) as e:
                c.note("event: TLS failed: %s" % e)
                return
            c.buf = b""
        elif cmd in ("LOGIN", "AUTHENTICATE"):
            after = "IMAP4rev1 SPECIAL-USE" if sc == "no-uidplus" else \
                "IMAP4rev1 UIDPLUS SPECIAL-USE"
            if sc == "append-readonly":
                after = "IMAP4rev1 UIDPLUS"
            elif sc == "append-unselect":
                after = "IMAP4rev1 UIDPLUS UNSELECT"
            c.send("%s OK [CAPABILITY %s] logged in\r\n" % (tag, after))
            if sc == "close-after-login":
                c.note("event: closing after login")
                c.sock.close()
                return
        elif cmd == "LIST" and sc in ("no-uidplus", "expunge-no"):
            c.send('* LIST (\\HasNoChildren \\Drafts) "/" Drafts\r\n'
                   '* LIST (\\HasNoChildren) "/" INBOX\r\n%s OK done\r\n' % tag)
        elif cmd == "SELECT" and sc == "expunge-no":
            c.send("* FLAGS (\\Seen \\Draft \\Deleted)\r\n* 1 EXISTS\r\n* 0 RECENT\r\n"
                   "* OK [UIDVALIDITY 42] UIDs valid\r\n* OK [UIDNEXT 8] next\r\n"
                   "%s OK [READ-WRITE] Select completed\r\n" % tag)
        elif cmd == "UID" and sc == "expunge-no" and rest.upper().startswith("FETCH"):
            hdr = "X-Afterview-Id:\r\n tok-fake\r\n\r\n"
            c.send("* 1 FETCH (UID 7 BODY[HEADER.FIELDS (X-AFTERVIEW-ID)] {%d}\r\n%s)\r\n"
                   "%s OK done\r\n" % (len(hdr), hdr, tag))
        elif cmd == "UID" and sc == "expunge-no" and rest.upper().startswith("EXPUNGE"):
            c.send("%s NO [SERVERBUG] cannot expunge now\r\n" % tag)
            c.note("event: refused UID EXPUNGE")
        elif cmd == "LIST" and sc.startswith("list-return-") and "RETURN" in rest.upper():
            if sc == "list-return-no":
                c.send("%s NO not now\r\n" % tag)
            elif sc == "list-return-strict" and rest == '"" "*" RETURN (SPECIAL-USE)':
                c.send('* LIST (\\HasNoChildren \\Sent) "/" "Sent Stuff"\r\n'
                       '* LIST (\\HasNoChildren) "/" INBOX\r\n%s OK done\r\n' % tag)
            else:
                c.send("%s BAD Unexpected extra arguments to List\r\n" % tag)
            c.note("event: LIST RETURN line %r" % rest)
        elif cmd == "LIST" and (sc.startswith("list-return-") or sc.startswith("append-")):
            c.send('* LIST (\\HasNoChildren) "/" INBOX\r\n'
                   '* LIST (\\HasNoChildren) "/" Sent\r\n'
                   '* LIST (\\HasNoChildren) "/" "Sent Stuff"\r\n'
                   '* LIST (\\HasNoChildren) "/" Drafts\r\n%s OK done\r\n' % tag)
        elif cmd == "EXAMINE" and sc.startswith("append-"):
            selected = (rest.strip('"'), True)
            c.note("event: selected %s read-only" % selected[0])
            c.send(examine_reply(tag))
        elif cmd == "UNSELECT" and sc == "append-unselect":
            selected = None
            c.note("event: unselected")
            c.send("%s OK Unselect completed\r\n" % tag)
        elif cmd == "APPEND" and sc.startswith("append-"):
            # Conn.line() has read the message literal already.
            box = rest.split(" ", 1)[0].strip('"')
            if selected is not None and selected[0] == box and selected[1]:
                c.send("%s NO Current box is selected READ-ONLY.\r\n" % tag)
                c.note("event: refused APPEND to the read-only %s" % box)
            else:
                c.send("%s OK [APPENDUID 42 9] APPEND completed\r\n" % tag)
                c.note("event: appended to %s" % box)
        elif cmd == "STATUS" and sc == "status-other":
            c.send('* STATUS Elsewhere (MESSAGES 9 UIDNEXT 999 UIDVALIDITY 777)\r\n'
                   '%s OK done\r\n' % tag)
        elif cmd == "STATUS" and sc == "status-bad":
            c.send("%s BAD no STATUS here\r\n" % tag)
        elif cmd == "LIST" and sc == "status-twice":
            c.send('* LIST (\\HasNoChildren) "/" INBOX\r\n%s OK done\r\n%s OK again\r\n'
                   % (tag, tag))
            c.note("event: answered LIST twice")
        elif cmd == "LIST":
            if "RETURN" in rest.upper():
                c.send('* LIST (\\HasNoChildren \\Sent) "/" "Sent Stuff"\r\n'
                       '* LIST (\\HasNoChildren) "/" INBOX\r\n%s OK done\r\n' % tag)
            else:
                c.send('* LIST (\\HasNoChildren) "/" "Sent Stuff"\r\n'
                       '* LIST (\\HasNoChildren) "/" INBOX\r\n%s OK done\r\n' % tag)
        elif cmd == "EXAMINE":
            if sc == "stall-examine":
                c.stall()
                return
            if sc == "garbage":
                c.send(b"* \x00\xff\xfe garbage ((( {} )))\r\n\x01\x02\x03 nonsense\r\n")
                c.send(b"%s NO?? \x00\r\n" % tag.encode())
                c.note("event: sent garbage")
                time.sleep(0.5)
                return
            if sc == "endless":
                c.note("event: sending an endless line")
                chunk = b"* OK " + b"x" * 65536
                try:
                    while True:
                        c.sock.sendall(chunk)
                except OSError:
                    c.note("event: client stopped reading")
                return
            c.send(examine_reply(tag, uidnext=sc != "special-use-return"))
        elif cmd == "UID" and rest.upper().startswith("SEARCH"):
            c.send("* SEARCH 1\r\n%s OK done\r\n" % tag)
        elif cmd == "FETCH" or (cmd == "UID" and rest.upper().startswith("FETCH")):
            if sc == "special-use-return":
                c.send("* 1 FETCH (UID 7)\r\n%s OK done\r\n" % tag)
            elif sc == "huge-literal":
                c.send("* 1 FETCH (UID 1 BODY[1]<0> {4294967295}\r\n" + "A" * 1000)
                c.note("event: announced a literal of 4294967295 octets")
                c.stall()
                return
            elif sc == "huge-subject":
                c.send('* 1 FETCH (UID 1 INTERNALDATE "01-Jan-2026 10:00:00 +0000" '
                       'BODY[HEADER.FIELDS (DATE FROM TO CC BCC SUBJECT MESSAGE-ID)] '
                       '{4294967295}\r\nSubject: ' + "S" * 1000)
                c.note("event: announced a header block of 4294967295 octets")
                c.stall()
                return
            elif sc == "eof-in-literal":
                c.send("* 1 FETCH (UID 1 BODY[1]<0> {100}\r\nabc")
                c.note("event: closing inside a literal")
                c.sock.shutdown(socket.SHUT_RDWR)
                c.sock.close()
                return
            elif sc == "bye-mid-fetch":
                c.send('* 1 FETCH (UID 1 BODYSTRUCTURE (("text" "plain" NIL NIL NIL "7bit" 3 1)')
                time.sleep(0.2)
                c.send("\r\n* BYE server shutting down\r\n")
                c.note("event: BYE mid-fetch")
                time.sleep(0.2)
                c.sock.close()
                return
            elif sc == "oversize-part":
                m = re.search(r"<0\.(\d+)>", rest)
                n = int(m.group(1)) + 100 if m else 1000
                c.send("* 1 FETCH (UID 1 BODY[1]<0> {%d}\r\n%s)\r\n%s OK done\r\n"
                       % (n, "B" * n, tag))
                c.note("event: sent %d octets" % n)
            else:
                c.send("%s OK nothing\r\n" % tag)
        elif cmd == "LOGOUT":
            c.send("* BYE bye\r\n%s OK done\r\n" % tag)
            return
        else:
            c.send("%s OK fine\r\n" % tag)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scenario", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--bind", default="127.0.0.1")
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--connections", type=int, default=1)
    args = ap.parse_args()

    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((args.bind, 0))
    srv.listen(4)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.getsockname()[1])
    os.rename(tmp, args.port_file)
    with open(args.log, "a") as log:
        for _ in range(args.connections):
            sock, _addr = srv.accept()
            c = Conn(sock, log)
            c.note("event: connection")
            try:
                serve(c, args.scenario, args)
            except OSError as e:
                c.note("event: %s" % e)
            try:
                c.sock.close()
            except OSError:
                pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
