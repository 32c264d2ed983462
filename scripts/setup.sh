#!/usr/bin/env bash
# Set up a fresh machine: Chromium + Arabic fonts (browser tests), a virtualenv in .venv, the package with its extras.
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/truetype/noto ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core >/dev/null
  fi
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
# torch first, pinned: 2.13.0 is the CPU wheel on this machine; an unpinned torch pulls GBs of CUDA packages.
.venv/bin/pip install -q --disable-pip-version-check torch==2.13.0
# requirements.lock (scripts/lock.sh) pins every package to the version the tests passed with.
.venv/bin/pip install -q --disable-pip-version-check -c requirements.lock -e ".[all,dev,pg,quality]"
echo "setup done: .venv ready"
