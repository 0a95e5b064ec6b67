#!/usr/bin/env bash
# Packs the package as npm would publish it, then lints the tarball with publint and
# @arethetypeswrong/cli: typings must resolve for ESM and CommonJS consumers alike, including those on
# `moduleResolution: node10`, which read `typesVersions` instead of `exports` (the default profile).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build --silent
rm -rf .tmp/pack && mkdir -p .tmp/pack
tarball=".tmp/pack/$(npm pack --silent --ignore-scripts --pack-destination .tmp/pack | tail -n 1)"
npx publint run "$tarball" --strict
npx attw "$tarball"
