#!/usr/bin/env bash
# What the tests need beyond `npm ci`, installed by the project itself (npm test runs this first; it is quick
# when everything is there):
#   - Debian packages: util-linux's `script` (a real terminal) and `setsid` (a daemon that leaves its process
#     group); the programs the example scripts reproduce defects in (jq, mawk, python3); Neovim, the second
#     LSP client; PostgreSQL 15's server and client (postgresql-15, postgresql-client-15) for the team desk's
#     tests, which start their own throwaway servers (test/helpers/postgres.ts) as the `postgres` system user the
#     package creates. The cluster the package may create and start (15/main on port 5432) is left alone: the
#     tests never connect to it and work the same whether it runs or not;
#   - Debian packages: Redmine 5.0 on SQLite (redmine, redmine-sqlite) and WEBrick (ruby-webrick) for the tracker
#     adapter's tests, which start their own throwaway instances (test/helpers/redmine.ts). dbconfig-no-thanks
#     keeps dbconfig-common from making and migrating a database for the package's default instance while
#     installing (preseeding redmine/instances/default/dbconfig-install is overridden on a first install,
#     Debian bug #476946); nothing is configured or started for it. About 30 s on the 2-core test machine,
#     apt-get update and 27 MB of downloads included;
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
# Debian keeps PostgreSQL's programs off the PATH, in one folder per major version.
test -x /usr/lib/postgresql/15/bin/initdb || need+=(postgresql-15)
test -x /usr/lib/postgresql/15/bin/psql || need+=(postgresql-client-15)
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
# dbconfig-common sees dbconfig-no-thanks selected in the same apt-get run (dpkg's Status-Want).
{ installed redmine && installed redmine-sqlite; } || need+=(dbconfig-no-thanks redmine redmine-sqlite)
installed ruby-webrick || need+=(ruby-webrick)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "test setup: missing Debian packages: ${need[*]} (run: sudo bash test/setup.sh)" >&2
    exit 1
  fi
  echo "[test setup] apt-get install ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
if [ "$(id -u)" = 0 ] && ! id -u postgres >/dev/null 2>&1; then
  echo "test setup: the postgres system user is missing (postgresql-common creates it)" >&2
  exit 1
fi

bash test/e2e/setup.sh
