#!/usr/bin/env bash
# Cuts the app's WebAssembly into the shell and one module per screen (Leptos `#[lazy]`), so a
# phone starts the household list after downloading only the code the list needs.
#
# Run by Trunk as a post_build hook, before scripts/precache.sh. Trunk builds the app with the
# `split` feature (index.html: data-cargo-features="split"), which makes each `#[lazy]` function a
# split point and links with --emit-relocs (build.rs). Trunk's own wasm-bindgen output cannot be
# split (the relocations are gone by then), so this hook starts again from cargo's wasm:
#
#   wasm-split-cli   the linked wasm -> the shell's wasm, split_*/chunk_* modules, __wasm_split.js
#   wasm-bindgen     the shell's wasm -> <stem>.js + <stem>_bg.wasm, replacing Trunk's
#   wasm-opt -Oz     every module (release builds)
#
# The modules and their loader go into a directory named after Trunk's hashed file stem
# (<stem>.split/), so every build's files have their own addresses and an old page never loads
# another build's module. Tools: wasm-split-cli (cargo install wasm_split_cli_support, see
# scripts/setup), wasm-bindgen and wasm-opt, all on PATH.
set -euo pipefail

staging="${TRUNK_STAGING_DIR:?run from trunk (post_build hook)}"
profile="${TRUNK_PROFILE:-debug}"
source_dir="${TRUNK_SOURCE_DIR:-$(pwd)}"
started=$(date +%s%N)

fail() {
    echo "split-wasm: $*" >&2
    exit 1
}

for tool in wasm-split-cli wasm-bindgen; do
    command -v "$tool" >/dev/null || fail "$tool is not on PATH (run: bash scripts/setup)"
done

target_dir=$(cd "$source_dir" && cargo metadata --format-version 1 --no-deps --offline |
    grep -o '"target_directory":"[^"]*"' | cut -d'"' -f4)
# Trunk's release build runs Cargo with the wasm-release profile (index.html's
# data-cargo-profile-release), whose output directory is named after it.
cargo_dir=$profile
[ "$profile" = release ] && cargo_dir=wasm-release
linked="$target_dir/wasm32-unknown-unknown/$cargo_dir/shouwang-app.wasm"
[ -f "$linked" ] || fail "no linked wasm at $linked"

# Trunk's JS loader is the one shouwang-app-<hash>.js in the staging directory.
shopt -s nullglob
loaders=("$staging"/shouwang-app-*.js)
[ "${#loaders[@]}" -eq 1 ] || fail "expected one shouwang-app-*.js in $staging, found ${#loaders[@]}"
stem=$(basename "${loaders[0]}" .js)
modules="$stem.split"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

wasm-split-cli "$linked" "$work" --out-name "$stem" >"$work/split.log" 2>&1 ||
    { cat "$work/split.log" >&2; fail "wasm-split-cli failed"; }
[ -f "$work/__wasm_split.js" ] || fail "wasm-split-cli wrote no loader: is the split feature on?"

# The shell: wasm-bindgen keeps the exports the screen modules import (--keep-lld-exports).
wasm-bindgen --target web --keep-lld-exports --no-typescript \
    --out-dir "$staging" --out-name "$stem" "$work/$stem.wasm"

rm -rf "${staging:?}/$modules"
mkdir -p "$staging/$modules"
for module in "$work"/split_*.wasm "$work"/chunk_*.wasm; do
    mv "$module" "$staging/$modules/"
done
# The loader imports the shell's JS from one directory up; the shell's JS imports the loader
# from the modules' directory. Only the import statements change: the wasm's import module
# name ("./__wasm_split.js") stays the key wasm-bindgen looks it up by.
sed "s#from \"\./$stem\.js\"#from \"../$stem.js\"#" "$work/__wasm_split.js" >"$staging/$modules/__wasm_split.js"
grep -q "from \"\.\./$stem\.js\"" "$staging/$modules/__wasm_split.js" ||
    fail "the loader does not import ./$stem.js as expected"
sed -i "s#from \"\./__wasm_split\.js\"#from \"./$modules/__wasm_split.js\"#" "$staging/$stem.js"
if grep -q "from \"\./__wasm_split\.js\"" "$staging/$stem.js"; then
    fail "the shell's JS still imports ./__wasm_split.js"
fi

if [ "$profile" = release ]; then
    command -v wasm-opt >/dev/null || fail "wasm-opt is not on PATH (run: bash scripts/setup)"
    # The shell first (the longest), then the modules, as many at once as there are cores.
    # wasm-opt warns about a names subsection it does not know (the names are stripped anyway):
    # that line is dropped from its output, any other is shown; a failure fails the build.
    printf '%s\0' "$staging/${stem}_bg.wasm" "$staging/$modules"/*.wasm |
        xargs -0 -P "$(nproc)" -I{} sh -c '
            wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
                --strip-debug --strip-producers "$1" -o "$1" 2>"$1.log" || { cat "$1.log" >&2; exit 1; }
            grep -v "unknown name subsection" "$1.log" >&2
            rm -f "$1.log"' _ {} ||
        fail "wasm-opt failed"
fi

count=$(find "$staging/$modules" -name '*.wasm' | wc -l)
shell=$(gzip -9c "$staging/${stem}_bg.wasm" | wc -c)
rest=$(cat "$staging/$modules"/*.wasm | gzip -9c | wc -c)
echo "split-wasm: shell wasm $shell bytes gzip; $count screen modules in $modules/, $rest bytes gzip" \
    "together; $(( ($(date +%s%N) - started) / 1000000 )) ms"
