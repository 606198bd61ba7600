#!/usr/bin/env bash
# Smoke-test the built bundle from a shell whose PATH holds no Python of the project:
# --version, import + pdf of the sample data, and the window offscreen for a few seconds.
#   tools/smoke_bundle.sh [dist/cso-planner]
set -euo pipefail
cd "$(dirname "$0")/.."
bundle="$(cd "${1:-dist/cso-planner}" && pwd)"
sample="$(pwd)/tests/data/realistic_export.json"
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
run() {
  env -i PATH=/usr/bin:/bin HOME="$home" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
    CSO_PLANNER_NO_WIZARD=1 XDG_DATA_HOME="$home/share" "$@"
}
db="$home/smoke.sqlite3"

run "$bundle/cso-planner" --version
run "$bundle/cso-planner" --db "$db" import "$sample"
run "$bundle/cso-planner" --db "$db" pdf "$home/roadmap.pdf"
test -s "$home/roadmap.pdf"
head -c 5 "$home/roadmap.pdf" | grep -q '%PDF-'
run "$bundle/cso-planner" --db "$db" check

# The window: loads the data and closes cleanly...
run env CSO_PLANNER_QUIT_AFTER_SHOW=1 "$bundle/cso-planner" --db "$db"
# ...and stays up for a few seconds (timeout's 124 means it was still running).
status=0
run timeout 4 "$bundle/cso-planner" --db "$home/second.sqlite3" || status=$?
if [ "$status" -ne 124 ]; then
  echo "smoke: the window exited early with status $status" >&2
  exit 1
fi
# Only the Qt modules the app uses.
if find "$bundle" -name 'libQt6Network*' -o -name 'libQt6Qml*' -o -name 'libQt6WebEngine*' \
    -o -name 'QtNetwork*' | grep -q .; then
  echo "smoke: the bundle carries a Qt module the app does not use" >&2
  exit 1
fi
echo "smoke: bundle ok"
