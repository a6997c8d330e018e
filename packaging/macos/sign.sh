#!/usr/bin/env bash
# Sign FieldKit.app, or sign and notarise a .dmg, with the force's Apple Developer ID. The
# certificate comes from CI secrets, never from the repository:
#   MACOS_SIGN_P12_BASE64    the "Developer ID Application" certificate and key (.p12), base64
#   MACOS_SIGN_P12_PASSWORD  the .p12 password
#   MACOS_SIGN_IDENTITY      e.g. "Developer ID Application: Example Police (TEAMID1234)"
#   MACOS_NOTARY_APPLE_ID, MACOS_NOTARY_TEAM_ID, MACOS_NOTARY_PASSWORD (app-specific password)
#                            optional: with them a .dmg is notarised and stapled
# With no certificate given it signs nothing, says so in one line and succeeds: the build stays
# ad-hoc signed (runs on the machine that built it; Gatekeeper refuses it elsewhere).
# Usage: packaging/macos/sign.sh dist/FieldKit.app | dist/FieldKit-X.Y.Z.dmg
set -euo pipefail
target=${1:?usage: sign.sh PATH.app|PATH.dmg}
here=$(cd "$(dirname "$0")" && pwd)

if [[ -z "${MACOS_SIGN_P12_BASE64:-}" ]]; then
    echo "code signing skipped: MACOS_SIGN_P12_BASE64 is not set, so $target stays unsigned (ad-hoc)"
    exit 0
fi
: "${MACOS_SIGN_P12_PASSWORD:?MACOS_SIGN_P12_PASSWORD must be set with the certificate}"
: "${MACOS_SIGN_IDENTITY:?MACOS_SIGN_IDENTITY must be set with the certificate}"

temp=${RUNNER_TEMP:-$(mktemp -d)}
keychain="$temp/fieldkit-sign.keychain-db"
keychain_password=$(uuidgen)
p12="$temp/fieldkit-sign.p12"
cleanup() { security delete-keychain "$keychain" 2>/dev/null || true; rm -f "$p12"; }
trap cleanup EXIT
echo "$MACOS_SIGN_P12_BASE64" | base64 --decode > "$p12"
security create-keychain -p "$keychain_password" "$keychain"
security set-keychain-settings -lut 3600 "$keychain"
security unlock-keychain -p "$keychain_password" "$keychain"
security import "$p12" -k "$keychain" -P "$MACOS_SIGN_P12_PASSWORD" -T /usr/bin/codesign
security set-key-partition-list -S apple-tool:,apple: -s -k "$keychain_password" "$keychain" >/dev/null
security list-keychains -d user -s "$keychain" $(security list-keychains -d user | tr -d '"')

case "$target" in
    *.app)
        # Hardened runtime (required for notarisation), with the one exception Python needs.
        codesign --force --deep --timestamp --options runtime \
            --entitlements "$here/entitlements.plist" --sign "$MACOS_SIGN_IDENTITY" "$target"
        codesign --verify --deep --strict --verbose=2 "$target"
        ;;
    *.dmg)
        codesign --force --timestamp --sign "$MACOS_SIGN_IDENTITY" "$target"
        if [[ -n "${MACOS_NOTARY_APPLE_ID:-}" ]]; then
            xcrun notarytool submit "$target" --apple-id "$MACOS_NOTARY_APPLE_ID" \
                --team-id "${MACOS_NOTARY_TEAM_ID:?}" --password "${MACOS_NOTARY_PASSWORD:?}" --wait
            xcrun stapler staple "$target"
        else
            echo "notarisation skipped: MACOS_NOTARY_APPLE_ID is not set ($target is signed, not notarised)"
        fi
        ;;
    *) echo "sign.sh: expected a .app or a .dmg, got $target" >&2; exit 2 ;;
esac
echo "code signing done: $target"
