#!/usr/bin/env python3
"""Measure `lembar serve` on a generated site, beside `hugo server` in the same run.

For each server: start-up (process start to the first page served), then
edit-to-served over N edits of one page (the file written and closed, to the
edited text served; for lembar also to the reload event on its stream), then
requests per second under concurrent load with wrk (errors must be zero).

Usage: benches/serve-bench.py [--pages N] [--edits N] [--lembar PATH] [--no-hugo]
Needs: python3, wrk and hugo (apt-get install wrk hugo). Sites go to /dev/shm.
Prints a Markdown report on stdout; progress on stderr.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN_SITE = os.environ.get("GEN_SITE", os.path.join(REPO, "..", "shared", "bench", "gen_site.py"))
WORK = "/dev/shm/lembar-serve-bench"
PAGE_FILE = "content/countries/australia-arrival.en.md"


def log(*a):
    print("serve-bench:", *a, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.status, r.read().decode("utf-8", "replace")


def wait_served(url, marker=None, deadline=30.0, step=0.001):
    """Polls `url` until it answers 200 (containing `marker`); the time it took."""
    start = time.perf_counter()
    while time.perf_counter() - start < deadline:
        try:
            status, body = get(url)
            if status == 200 and (marker is None or marker in body):
                return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(step)
    raise RuntimeError(f"{url} not served (marker {marker!r}) within {deadline} s")


def edit(path, marker):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"\n\nEdit marker \S+\n", "\n", text)
    head, sep, body = text.partition("\n---\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write(head + sep + f"\nEdit marker {marker}\n" + body)


class Events:
    """lembar's reload stream, read from a raw socket."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(b"GET /__lembar/events HTTP/1.1\r\nHost: x\r\n\r\n")
        self.buf = b""
        self.next()  # hello

    def next(self, timeout=30):
        self.sock.settimeout(timeout)
        while not re.search(rb"event: \w+\ndata: [^\n]*\n\n", self.buf):
            self.buf += self.sock.recv(4096)
        m = re.search(rb"event: (\w+)\ndata: [^\n]*\n\n", self.buf)
        self.buf = self.buf[m.end():]
        return m.group(1).decode()


def wrk(url, seconds):
    out = subprocess.run(["wrk", "-t2", "-c64", f"-d{seconds}s", url], capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        errors += sum(int(x) for x in m.groups())
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if m:
        errors += int(m.group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return rps, errors, total


def measure(name, cmd, cwd, port, page_url, edits, wrk_seconds, events):
    log(f"{name}: starting")
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_served(f"http://127.0.0.1:{port}{page_url}", deadline=120)
        startup = time.perf_counter() - started
        log(f"{name}: first page after {startup*1000:.0f} ms")
        stream = Events(port) if events else None
        served, evented = [], []
        path = os.path.join(cwd, PAGE_FILE)
        for i in range(edits):
            marker = f"m{i}x{os.getpid()}"
            t0 = time.perf_counter()
            edit(path, marker)
            if stream:
                kind = stream.next()
                assert kind == "reload", kind
                evented.append(time.perf_counter() - t0)
            wait_served(f"http://127.0.0.1:{port}{page_url}", marker, step=0.0005)
            served.append(time.perf_counter() - t0)
            time.sleep(0.3)
        rps, errors, total = wrk(f"http://127.0.0.1:{port}{page_url}", wrk_seconds)
        log(f"{name}: edit median {statistics.median(served)*1000:.1f} ms, {rps:.0f} req/s, {errors} errors")
        return startup, served, evented, rps, errors, total
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()


def ms(xs):
    if not xs:
        return "–"
    xs = sorted(xs)
    p90 = xs[min(len(xs) - 1, int(len(xs) * 0.9))]
    return f"{statistics.median(xs)*1000:.1f} ms (p90 {p90*1000:.1f}, max {xs[-1]*1000:.1f})"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=5000)
    ap.add_argument("--edits", type=int, default=30)
    ap.add_argument("--wrk-seconds", type=int, default=10)
    ap.add_argument("--lembar")
    ap.add_argument("--no-hugo", action="store_true")
    args = ap.parse_args()

    lembar = args.lembar
    if not lembar:
        log("cargo build --release")
        subprocess.run(["cargo", "build", "--release", "--manifest-path", os.path.join(REPO, "Cargo.toml")], check=True, stdout=sys.stderr)
        lembar = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target")), "release", "lembar")
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    tools = [("lembar", "ours")] + ([] if args.no_hugo else [("hugo", "hugo")])
    rows = []
    for name, flavor in tools:
        site = os.path.join(WORK, name)
        log(f"generating {args.pages} pages per language for {name}")
        subprocess.run([sys.executable, GEN_SITE, "--pages", str(args.pages), "--out", site, "--flavor", flavor], check=True, stdout=subprocess.DEVNULL)
        port = free_port()
        if name == "lembar":
            cmd = [lembar, "serve", "--port", str(port)]
            url = "/en/countries/australia-arrival/"
        else:
            # Hugo 0.111 (Debian) serves from memory by default.
            cmd = ["hugo", "server", "--port", str(port), "--bind", "127.0.0.1", "--quiet"]
            url = "/en/countries/australia-arrival/"
        rows.append((name, measure(name, cmd, site, port, url, args.edits, args.wrk_seconds, name == "lembar")))

    version = subprocess.run([lembar, "--version"], capture_output=True, text=True).stdout.strip()
    hugo = "" if args.no_hugo else subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split(" ")[1]
    print(f"{args.pages} pages per language ({2*args.pages + 10} Markdown files), {args.edits} edits, wrk -t2 -c64 -d{args.wrk_seconds}s; {version}; hugo {hugo}\n")
    print("| server | start-up to first page | edit → reload event | edit → edited page served | requests/s (wrk) | errors |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, (startup, served, evented, rps, errors, total) in rows:
        print(f"| {name} | {startup*1000:.0f} ms | {ms(evented)} | {ms(served)} | {rps:,.0f} ({total:,} requests) | {errors} |")


if __name__ == "__main__":
    main()
