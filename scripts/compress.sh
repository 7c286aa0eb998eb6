#!/usr/bin/env bash
# Writes a brotli (.br, quality 11) and a gzip (.gz, -9) copy of every text and wasm file of the
# build, so the server sends each file compressed without compressing on every request (it
# picks the copy by Accept-Encoding). A copy that is not smaller than its file is not kept.
#
# Run by Trunk as the last post_build hook (after scripts/precache.sh, so the copies are not in
# the service worker's list: the browser fetches a file by its name and gets whichever copy it
# accepts), or by hand with a directory argument. Tools: brotli and gzip (scripts/setup).
set -euo pipefail
dir="${1:-${TRUNK_STAGING_DIR:?run from trunk or pass the build directory}}"
command -v brotli >/dev/null || { echo "compress: brotli is not installed (run: bash scripts/setup)" >&2; exit 1; }
started=$(date +%s%N)
cd "$dir"
find . -type f \( -name '*.html' -o -name '*.js' -o -name '*.mjs' -o -name '*.wasm' -o -name '*.css' \
    -o -name '*.json' -o -name '*.webmanifest' -o -name '*.svg' -o -name '*.txt' \) -print0 |
    xargs -0 -P "$(nproc)" -I{} sh -c '
        f="$1"
        brotli --quality=11 --force --output="$f.br" "$f"
        gzip -9 --no-name --stdout "$f" >"$f.gz"
        size=$(wc -c <"$f")
        for c in "$f.br" "$f.gz"; do
            [ "$(wc -c <"$c")" -lt "$size" ] || rm -f "$c"
        done' _ {}
raw=$(find . -type f ! -name '*.br' ! -name '*.gz' -printf '%s\n' | awk '{ s += $1 } END { print s }')
br=$(find . -type f -name '*.br' -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
echo "compress: $(find . -name '*.br' | wc -l) brotli and $(find . -name '*.gz' | wc -l) gzip copies;" \
    "$raw bytes of files, $br bytes as brotli where compressible; $(( ($(date +%s%N) - started) / 1000000 )) ms"
