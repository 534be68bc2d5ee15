#!/usr/bin/env bash
# Smoke test of the built bundle itself (not the development venv): without a display it says so
# and exits 1; then it opens the window offscreen, indexes the bundled cases, searches, renders a
# case, writes a PDF digest, and shares a case between two homes through a file:// network using
# the system git. Exits non-zero at the first failure.
#   packaging/smoke.sh [BUNDLE_DIR]   (default dist/casebook)
set -euo pipefail
bundle=$(cd "${1:-dist/casebook}" && pwd)
app="$bundle/casebook"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=offscreen
unset CASEBOOK_HOME PYTHONPATH PYTHONHOME VIRTUAL_ENV
cd "$work"   # nothing from the checkout can be imported by accident

fail() { echo "smoke: FAILED: $*" >&2; exit 1; }
expect() {  # expect TEXT COMMAND... : run the bundle, fail unless its output contains TEXT
  local text=$1 out; shift
  out=$("$app" "$@" 2>&1) || fail "casebook $* exited $?: $out"
  grep -qF -- "$text" <<<"$out" || fail "casebook $* did not print '$text': $out"
}

set +e
nodisplay=$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$app" --home "$work/a" 2>&1)
code=$?
set -e
[[ $code == 1 && $nodisplay == *"no display was found"* ]] || fail "no display: exit $code, '$nodisplay'"
ready=$(CASEBOOK_REPORT_READY=quit "$app" --home "$work/a" 2>&1) || fail "the window did not open: $ready"
grep -q '^ready ' <<<"$ready" || fail "the window never became usable: $ready"
expect '"query": "ransomware"' search ransomware --json --home "$work/a"
expect '"total": ' search 'outcome:failure' --json --home "$work/a"
expect '1 case(s)' digest --ids hackney-ransomware-attack --title Smoke --out "$work/case.html" --home "$work/a"
grep -q '<h2' "$work/case.html" || fail "the rendered case has no headings"
expect 'Wrote' digest ransomware --title 'Smoke PDF' --out "$work/digest.pdf" --home "$work/a"
[[ $(head -c 5 "$work/digest.pdf") == "%PDF-" ]] || fail "digest.pdf is not a PDF"

"$app" settings council "Smoke Council" --home "$work/a" >/dev/null
"$app" settings council "Other Council" --home "$work/b" >/dev/null
expect 'north' network init "$work/north.git" --name north --bare --home "$work/a"
expect 'north' network add north "file://$work/north.git" --home "$work/a"
expect 'north' network add north "file://$work/north.git" --home "$work/b"
"$app" new --title "Smoke test case" --council "Smoke Council" --outcome success \
  --summary "Shared by the smoke test." --home "$work/a" >/dev/null
sed -i 's/^sharing: .*/sharing: network/' "$work"/a/library/smoke-test-case.md
expect 'north' publish smoke-test-case --to north --home "$work/a"
expect 'north' sync --home "$work/a"
expect 'north' sync --home "$work/b"
expect '"total": 1' search '"Smoke test case"' --json --home "$work/b"
echo "smoke: ok (no-display message, window, index, search, render, PDF digest, sync over file:// with the system git)"
