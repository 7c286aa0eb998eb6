#!/usr/bin/env bash
# Writes precache-manifest.js into the build: every file the app shell needs, and a version
# derived from their contents, so a new build gets a new cache and the old one is dropped.
# Run by Trunk as a post_build hook (TRUNK_STAGING_DIR), or by hand with a directory argument.
set -euo pipefail
dir="${1:-${TRUNK_STAGING_DIR:?run from trunk or pass the build directory}}"
cd "$dir"
files=$(find . -type f ! -name 'sw.js' ! -name 'precache-manifest.js' ! -name '*.map' ! -name '*.br' ! -name '*.gz' | sed 's|^\./||' | LC_ALL=C sort)
version=$(printf '%s\n' $files | xargs sha256sum | sha256sum | cut -c1-16)
{
  echo "// Written after the build by scripts/precache.sh; do not edit."
  echo "self.PRECACHE = {"
  echo "  version: '$version',"
  echo "  files: ["
  for f in $files; do echo "    './$f',"; done
  echo "  ],"
  echo "};"
} > precache-manifest.js
echo "precache: $(echo "$files" | wc -l) files, version $version"
