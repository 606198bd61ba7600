#!/usr/bin/env bash
# Build the standalone Linux app: dist/cso-planner/ (one folder, runs without Python) and
# dist/cso-planner-<version>-linux-<arch>.tar.gz. Needs a venv with the 'bundle' extra:
#   python3 -m venv .venv && .venv/bin/pip install '.[bundle]' && tools/build_bundle.sh
# PYTHON=/path/to/python overrides the interpreter; the build takes 1-2 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

python="${PYTHON:-.venv/bin/python}"
version="$("$python" -c 'import cso_planner; print(cso_planner.__version__)')"
arch="$(uname -m)"
work="${BUNDLE_WORK:-build/bundle}"

"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath "$work" tools/cso-planner.spec

archive="dist/cso-planner-${version}-linux-${arch}.tar.gz"
tar -C dist -czf "$archive" cso-planner
echo "bundle: dist/cso-planner/ ($(du -sm dist/cso-planner | cut -f1) MB), $archive ($(du -sm "$archive" | cut -f1) MB)"
