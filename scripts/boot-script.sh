#!/usr/bin/env bash
# Moves Trunk's inline loader (the <script type="module"> that imports the app's JS and starts
# the wasm) out of index.html into <stem>.boot.js beside the JS it loads, so the server's
# content security policy can allow scripts from the server only ('self', no 'unsafe-inline').
# The file is named after Trunk's hashed stem, so it is cached as immutably as the JS itself.
# (The hash is hex of no fixed length: Trunk drops leading zeros, so 15 digits happen.)
#
# Run by Trunk as a post_build hook after scripts/split-wasm.sh and before scripts/precache.sh
# (which then lists the new file for the service worker).
set -euo pipefail
staging="${TRUNK_STAGING_DIR:?run from trunk (post_build hook)}"
python3 - "$staging" <<'PY'
import pathlib, re, sys
staging = pathlib.Path(sys.argv[1])
index = staging / "index.html"
html = index.read_text(encoding="utf-8")
inline = re.compile(r'<script type="module">(.*?)</script>', re.S)
found = inline.findall(html)
if len(found) != 1:
    sys.exit(f"boot-script: expected one inline module script in index.html, found {len(found)}")
body = found[0]
stem = re.search(r"from '/(shouwang-app-[0-9a-f]+)\.js'", body)
if not stem:
    sys.exit("boot-script: the inline script does not import /shouwang-app-<hash>.js")
name = f"{stem.group(1)}.boot.js"
(staging / name).write_text("// Trunk's loader, moved out of index.html by scripts/boot-script.sh.\n" + body.strip() + "\n", encoding="utf-8")
html = inline.sub(f'<script type="module" src="/{name}"></script>', html, count=1)
if "<script>" in html or re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html):
    sys.exit("boot-script: an inline script is left in index.html")
index.write_text(html, encoding="utf-8")
print(f"boot-script: index.html loads /{name}")
PY
