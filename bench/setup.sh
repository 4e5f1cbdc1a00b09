#!/bin/sh
# The benchmarks' own set-up: the peers repro is compared with.
#   - the runner: cram3, bats and shelltestrunner, from Debian's packages;
#   - the team desk: PostgreSQL 15's server and client, from Debian's packages (the benchmark starts its own
#     throwaway servers, as the tests do);
#   - the language server: the JSON server of vscode-langservers-extracted and bash-language-server, from npm,
#     pinned, into .bench/peers (git-ignored);
#   - the extension: a real VS Code (code-server and Chromium, test/e2e/setup.sh) to time activation in.
# As root it installs them; otherwise it says what is missing, and the benchmark leaves those rows out.
cd "$(dirname "$0")/.."
missing=""
command -v cram3 >/dev/null 2>&1 || missing="$missing python3-cram"
command -v bats >/dev/null 2>&1 || missing="$missing bats"
command -v shelltest >/dev/null 2>&1 || missing="$missing shelltestrunner"
test -x /usr/lib/postgresql/15/bin/initdb || missing="$missing postgresql-15"
test -x /usr/lib/postgresql/15/bin/psql || missing="$missing postgresql-client-15"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  else
    echo "bench: not installed:$missing (apt-get install them to compare with them)" >&2
  fi
fi
PEERS="vscode-langservers-extracted@4.10.0 bash-language-server@5.8.1"
if [ "$(cat .bench/peers/installed 2>/dev/null)" != "$PEERS" ]; then
  mkdir -p .bench/peers
  (cd .bench/peers && echo '{"private":true}' >package.json && npm install --no-audit --no-fund --silent $PEERS) \
    && echo "$PEERS" >.bench/peers/installed \
    || echo "bench: could not install the language-server peers ($PEERS)" >&2
fi
bash test/e2e/setup.sh >/dev/null || echo "bench: no real VS Code (test/e2e/setup.sh failed): activation is left out" >&2
exit 0
