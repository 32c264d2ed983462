#!/usr/bin/env bash
# Run README's test command in a fresh clone of HEAD that has no ../shared sibling (nothing outside the repository).
# Uses this checkout's .venv (or $VENV); extra arguments go to pytest (e.g. a test path, -x).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${VENV:-$root/.venv}"
[ -x "$venv/bin/python" ] || { echo "fresh_clone_tests: no virtualenv at $venv (run scripts/setup.sh)" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
git clone -q --no-hardlinks "$root" "$tmp/aligner"
git -C "$tmp/aligner" checkout -q "$(git -C "$root" rev-parse HEAD)"
[ ! -e "$tmp/shared" ] || { echo "fresh_clone_tests: $tmp/shared exists" >&2; exit 2; }
ln -s "$venv" "$tmp/aligner/.venv"
cd "$tmp/aligner"
# The clone's own package comes first on the path, not the one the virtualenv has installed.
PYTHONPATH="$tmp/aligner" .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
