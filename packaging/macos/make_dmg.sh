#!/usr/bin/env bash
# Make dist/FieldKit-<version>.dmg from dist/FieldKit.app (built by `python -m tools.ci
# package` from packaging/fieldkit.spec): the app beside a link to /Applications, so an
# officer installs by dragging, and device management by copying FieldKit.app from the
# mounted image. macOS only (hdiutil).
set -euo pipefail
cd "$(dirname "$0")/../.."
app=dist/FieldKit.app
[[ -d "$app" ]] || { echo "make_dmg.sh: $app not found; build it first: python -m tools.ci package" >&2; exit 1; }
version=$(python3 -c 'import sys; sys.path.insert(0, "packaging"); import layout; print(layout.version())')
out="dist/FieldKit-$version.dmg"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
hdiutil create -volname FieldKit -srcfolder "$stage" -fs HFS+ -format UDZO -ov "$out"
echo "$out"
