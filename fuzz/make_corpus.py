#!/usr/bin/env python3
"""Writes the seed corpus fuzz/corpus/<target>/ from the repository's own files.

Usage: fuzz/make_corpus.py [BUILT_SITE_DIR]

- front_matter: every content/**/*.md and tests/fixtures/**/*.md, behind the
  selector byte that makes the target parse it as what it is (its language,
  a section `_index`, or a page of its section's type; see lembar::fuzzing).
- markdown: the same files' bodies (after the front matter), behind a
  selector byte that cycles through the fixture site's files.
- config: every site.yaml.
- serve_path: the request paths of src/serve/http.rs's tests, and, given a
  built site (`lembar build --out DIR`), the address of every file in it.

Seeds are named by the hash of their bytes, so running it again adds nothing
twice. Re-run it when fixtures change; `tools/fuzz` reads this corpus but
writes new inputs to fuzz/work/ (ignored by git).
"""

import hashlib
import os
import re
import sys
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")

# The order of lembar::fuzzing::KINDS; index 6 is a section `_index`.
KINDS = ["page", "country", "procedure", "language", "event", "leaflet"]
SECTION = 6


def save(target, data):
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def markdown_files():
    for top in ["content", "tests/fixtures"]:
        for folder, dirs, files in os.walk(os.path.join(ROOT, top)):
            dirs.sort()
            for name in sorted(files):
                if name.endswith(".md"):
                    yield os.path.join(folder, name)


def content_rel(path):
    """The path under the nearest `content/` folder, or None."""
    parts = os.path.relpath(path, ROOT).split(os.sep)
    if "content" not in parts:
        return None
    return "/".join(parts[len(parts) - parts[::-1].index("content"):])


def section_types():
    """Folder under content/ -> its pages' type, from every `_index` seen."""
    types = {}
    for path in markdown_files():
        rel = content_rel(path)
        if rel and os.path.basename(rel).startswith("_index"):
            m = re.search(r"^type:\s*(\w+)", open(path, encoding="utf-8").read(), re.M)
            if m:
                types[os.path.dirname(rel)] = m.group(1)
    return types


def split_body(text):
    """The Markdown after the front matter (the whole text if there is none)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return text
    offset = len(lines[0])
    for line in lines[1:]:
        offset += len(line)
        if line.rstrip() in ("---", "..."):
            return text[offset:]
    return text


def front_matter_and_markdown():
    types = section_types()
    for n, path in enumerate(markdown_files()):
        data = open(path, "rb").read()
        rel = content_rel(path) or os.path.basename(path)
        name = os.path.basename(rel)
        lang = 1 if name.endswith(".en.md") else 0
        if name.startswith("_index"):
            choice = SECTION
        else:
            kind = types.get(os.path.dirname(rel), "page")
            choice = KINDS.index(kind) if kind in KINDS else 0
        save("front_matter", bytes([choice << 1 | lang]) + data)
        body = split_body(data.decode("utf-8", "replace")).encode("utf-8")
        save("markdown", bytes([n % 256]) + body)


# Every key once, with a base URL in a folder: the fixtures' site.yaml files
# use few of them.
FULL_CONFIG = """title:
  id: Situs
  en: Site
description:
  id: Uji
  en: Test
base_url: https://example.org/bontang/
default_language: en
languages: [en, id]
theme: default
fallback: true
review_after_months: 6
paper: A5
share_image: share.png
"""


def configs():
    save("config", FULL_CONFIG.encode())
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = sorted(d for d in dirs if d not in ("target", ".git", "fuzz", "public"))
        if "site.yaml" in files:
            save("config", open(os.path.join(folder, "site.yaml"), "rb").read())


def request_paths(built):
    source = open(os.path.join(ROOT, "src", "serve", "http.rs"), encoding="utf-8").read()
    tests = source[source.find("#[cfg(test)]"):]
    for literal in re.findall(r'"((?:[^"\\]|\\.)*)"', tests):
        if literal.startswith("/") or literal.startswith("etc"):
            save("serve_path", literal.encode("utf-8").decode("unicode_escape").encode("utf-8"))
    if not built:
        return
    for folder, _, files in os.walk(built):
        for name in files:
            rel = os.path.relpath(os.path.join(folder, name), built).replace(os.sep, "/")
            save("serve_path", ("/" + urllib.parse.quote(rel)).encode())
            if name == "index.html":
                save("serve_path", ("/" + urllib.parse.quote(rel[: -len(name)])).encode())


if __name__ == "__main__":
    front_matter_and_markdown()
    configs()
    request_paths(sys.argv[1] if len(sys.argv) > 1 else None)
