#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A TCP relay on loopback that delays each direction (for `make bench`; python3 stdlib).

    relay.py --target HOST:PORT [--listen 127.0.0.1:0] [--delay 0.025] [--port-file FILE]

Accepts connections on --listen (port 0: any free port; the port is written to
--port-file and printed on stdout), and for each one opens a connection to --target and
forwards the bytes both ways unchanged, each chunk held back until --delay seconds after
it was read (25 ms each way: a 50 ms round trip, the distance to a real provider). Chunks
keep their order; the delay does not limit the throughput (a chunk read while others wait
is sent at its own time). Buffers are bounded: at most QUEUE chunks of at most CHUNK bytes
wait per direction, then the reading side stops reading until the writer catches up.
A half close (EOF) is passed on after the delay too. Runs until killed (SIGTERM).
"""

import argparse
import asyncio
import os
import signal
import sys

CHUNK = 65536
QUEUE = 64


async def pump(reader, writer, delay):
    """Read from reader, write to writer delay seconds later; EOF passed on."""
    loop = asyncio.get_running_loop()
    q = asyncio.Queue(QUEUE)

    async def read_side():
        try:
            while True:
                data = await reader.read(CHUNK)
                await q.put((loop.time() + delay, data))
                if not data:
                    return
        except (ConnectionError, OSError):
            await q.put((loop.time() + delay, b""))

    async def write_side():
        try:
            while True:
                due, data = await q.get()
                wait = due - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                if not data:
                    if writer.can_write_eof():
                        writer.write_eof()
                    return
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            return

    r = asyncio.ensure_future(read_side())
    await write_side()
    r.cancel()


async def serve_one(creader, cwriter, target, delay):
    host, port = target
    try:
        sreader, swriter = await asyncio.open_connection(host, port)
    except OSError as e:
        print("relay: cannot connect to %s:%d: %s" % (host, port, e), file=sys.stderr)
        cwriter.close()
        return
    try:
        await asyncio.gather(pump(creader, swriter, delay), pump(sreader, cwriter, delay))
    finally:
        for w in (swriter, cwriter):
            w.close()


def hostport(s):
    host, _, port = s.rpartition(":")
    return host or "127.0.0.1", int(port)


async def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--target", required=True, type=hostport)
    ap.add_argument("--listen", default="127.0.0.1:0", type=hostport)
    ap.add_argument("--delay", type=float, default=0.025)
    ap.add_argument("--port-file")
    a = ap.parse_args()
    server = await asyncio.start_server(
        lambda r, w: serve_one(r, w, a.target, a.delay), a.listen[0], a.listen[1])
    port = server.sockets[0].getsockname()[1]
    if a.port_file:
        with open(a.port_file + ".tmp", "w") as f:
            f.write("%d\n" % port)
        os.replace(a.port_file + ".tmp", a.port_file)
    print(port, flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with server:
        await stop.wait()


if __name__ == "__main__":
    asyncio.run(main())
