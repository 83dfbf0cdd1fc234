#!/usr/bin/env python3
"""Page requests while many tabs hold `lembar serve`'s event streams open.

Starts `lembar serve` on a site, opens N event streams (as N open tabs do) and
reads each one's `hello`, then times page requests (a new connection each, as
a browser's first request) while the streams stay open, and once more while
a page is edited every 50 ms (every stream then gets a `reload`), with the
requests 25 ms apart so that about a hundred edits fall among them.

Usage: benches/serve-streams.py [--root DIR] [--streams N] [--requests N] [--lembar PATH]
Prints a Markdown table row set on stdout; progress on stderr.
"""

import argparse
import os
import select
import socket
import statistics
import subprocess
import sys
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def log(*a):
    print("serve-streams:", *a, file=sys.stderr, flush=True)


def start(lembar, root):
    proc = subprocess.Popen(
        [lembar, "serve", "--root", root, "--port", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    for line in proc.stderr:
        if line.startswith("serving http://"):
            host, port = line.split("http://")[1].split("/")[0].rsplit(":", 1)
            threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
            return proc, (host, int(port))
    raise RuntimeError("lembar serve printed no address")


def open_stream(address):
    s = socket.create_connection(address, timeout=10)
    s.sendall(f"GET /__lembar/events HTTP/1.1\r\nHost: {address[0]}:{address[1]}\r\nAccept: text/event-stream\r\n\r\n".encode())
    data = b""
    while b"event: hello" not in data:
        chunk = s.recv(4096)
        if not chunk:
            raise RuntimeError("stream closed before hello")
        data += chunk
    return s


def timed_get(address, path):
    start = time.perf_counter()
    with socket.create_connection(address, timeout=10) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: {address[0]}:{address[1]}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    elapsed = (time.perf_counter() - start) * 1000
    status = int(data.split(b" ", 2)[1]) if data else 0
    return status, elapsed


def drain(streams, stop):
    """Reads what the streams get, as browsers do, and counts reload events."""
    counts = {"reload": 0}
    while not stop.is_set():
        ready, _, _ = select.select(streams, [], [], 0.05)
        for s in ready:
            chunk = s.recv(65536)
            counts["reload"] += chunk.count(b"event: reload")
    return counts


def measure(address, path, n, pause=0.0):
    times, errors = [], 0
    for _ in range(n):
        status, ms = timed_get(address, path)
        errors += status != 200
        times.append(ms)
        time.sleep(pause)
    times.sort()
    return times, errors


def row(label, times, errors):
    p = lambda q: times[min(len(times) - 1, int(q * len(times)))]
    return f"| {label} | {len(times)} | {statistics.median(times):.2f} | {p(0.9):.2f} | {p(0.99):.2f} | {times[-1]:.2f} | {errors} |"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=REPO)
    ap.add_argument("--streams", type=int, default=200)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--lembar", default=os.path.join(REPO, "target", "release", "lembar"))
    ap.add_argument("--page", default="/id/")
    ap.add_argument("--edit", default="content/_index.en.md")
    args = ap.parse_args()

    proc, address = start(args.lembar, args.root)
    try:
        # The first request renders the page; time the served ones.
        timed_get(address, args.page)
        log(f"opening {args.streams} event streams")
        streams = [open_stream(address) for _ in range(args.streams)]
        stop = threading.Event()
        result = {}
        reader = threading.Thread(target=lambda: result.update(drain(streams, stop)))
        reader.start()
        quiet = measure(address, args.page, args.requests)

        edit_path = os.path.join(args.root, args.edit)
        original = open(edit_path, encoding="utf-8").read()
        editing = threading.Event()

        def edit_loop():
            i = 0
            while not editing.is_set():
                with open(edit_path, "w", encoding="utf-8") as f:
                    f.write(original + f"\n<!-- bench {i} -->\n")
                i += 1
                time.sleep(0.05)

        editor = threading.Thread(target=edit_loop)
        editor.start()
        # Spread over seconds, so that many edits (and reloads) fall among them.
        busy = measure(address, args.page, args.requests, pause=0.025)
        editing.set()
        editor.join()
        with open(edit_path, "w", encoding="utf-8") as f:
            f.write(original)
        time.sleep(0.5)
        stop.set()
        reader.join()
        print(f"{args.streams} open event streams, `{args.page}`, a new connection per request; lembar serve on {args.root}")
        print()
        print("| while | requests | median ms | p90 ms | p99 ms | max ms | errors |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        print(row("streams open, no edits", *quiet))
        print(row("an edit every 50 ms", *busy))
        print()
        print(f"reload events received over all streams: {result.get('reload', 0)}")
        for s in streams:
            s.close()
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
