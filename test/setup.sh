#!/usr/bin/env bash
# What the tests need beyond `npm ci`, installed by the project itself (npm test runs this first; it is quick
# when everything is there):
#   - Debian packages: util-linux's `script` (a real terminal) and `setsid` (a daemon that leaves its process
#     group); the programs the example scripts reproduce defects in (jq, mawk, python3); Neovim, the second
#     LSP client;
#   - a real VS Code for the end-to-end tests: code-server and Debian's Chromium (test/e2e/setup.sh).
# Installing needs root (CI runs as root); otherwise it says what is missing and how to install it.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v script >/dev/null || need+=(bsdutils)
command -v setsid >/dev/null || need+=(util-linux)
command -v jq >/dev/null || need+=(jq)
command -v mawk >/dev/null || need+=(mawk)
command -v python3 >/dev/null || need+=(python3)
command -v nvim >/dev/null || need+=(neovim)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "test setup: missing Debian packages: ${need[*]} (run: sudo bash test/setup.sh)" >&2
    exit 1
  fi
  echo "[test setup] apt-get install ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

bash test/e2e/setup.sh
