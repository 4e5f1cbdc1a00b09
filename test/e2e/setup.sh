#!/usr/bin/env bash
# Installs what the end-to-end harness (test/e2e/harness) needs: Debian's Chromium and the build dependencies of
# code-server's native modules, and code-server itself (VS Code's web workbench + server) into
# <repo>/.vscode-test/code-server. Idempotent: a complete install of the pinned version is left alone.
# See test/e2e/README.md, and shared/notes/vscode-in-a-browser.md beside the repository.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
APT_PACKAGES=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium)

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEST="$REPO/.vscode-test/code-server"
MARKER="$DEST/.repro-desk-install-complete"
MARKER_TEXT="code-server@$CODE_SERVER_VERSION node@$(node -v)"

log() { echo "[e2e setup] $*"; }

# --- Debian packages ---------------------------------------------------------------------------------------------
missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "Debian packages present"
fi
test -x /usr/bin/chromium || { echo "/usr/bin/chromium missing after install" >&2; exit 1; }
test -x /usr/bin/rg || { echo "/usr/bin/rg missing after install" >&2; exit 1; }

# --- code-server ------------------------------------------------------------------------------------------------
if [[ -f "$MARKER" && "$(cat "$MARKER")" == "$MARKER_TEXT" ]]; then
  log "code-server $CODE_SERVER_VERSION already installed in $DEST"
  exit 0
fi

started=$SECONDS
# Build in a scratch folder next to the destination and move it into place only when complete, so that an
# interrupted run never leaves something that looks installed.
STAGE="$DEST.partial"
rm -rf "$STAGE"
mkdir -p "$STAGE"

# code-server's postinstall downloads ripgrep from GitHub, out of reach here: install scripts stay off and its
# steps are done by hand below.
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
export npm_config_loglevel=error
# Node's headers are the machine's (/usr/include/node); node-gyp must not try to download them.
export npm_config_nodedir="${npm_config_nodedir:-/usr}"
test -f "$npm_config_nodedir/include/node/node_version.h" ||
  { echo "Node's headers not found under $npm_config_nodedir/include/node" >&2; exit 1; }

log "npm pack code-server@$CODE_SERVER_VERSION"
(cd "$STAGE" && npm pack "code-server@$CODE_SERVER_VERSION" --silent >/dev/null)
tar -xzf "$STAGE/code-server-$CODE_SERVER_VERSION.tgz" -C "$STAGE"
rm "$STAGE/code-server-$CODE_SERVER_VERSION.tgz"
PKG="$STAGE/package"
VSCODE="$PKG/lib/vscode"

log "npm install (code-server)"
(cd "$PKG" && npm install --omit=dev --ignore-scripts >/dev/null)
log "npm rebuild argon2"
(cd "$PKG" && npm rebuild argon2 >/dev/null)

log "npm install (lib/vscode)"
(cd "$VSCODE" && npm install --omit=dev --ignore-scripts >/dev/null)
log "npm rebuild native modules (lib/vscode)"
(cd "$VSCODE" && npm rebuild @parcel/watcher @vscode/spdlog kerberos native-watchdog @vscode/deviceid >/dev/null)

# node-pty's install script runs `npx node-gyp`, which fails here: build it with npm's own node-gyp.
NPM_ROOT="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
NODE_GYP="$NPM_ROOT/node_modules/node-gyp/bin/node-gyp.js"
test -f "$NODE_GYP" || { echo "npm's node-gyp not found at $NODE_GYP" >&2; exit 1; }
log "node-gyp rebuild node-pty"
(cd "$VSCODE/node_modules/node-pty" && node "$NODE_GYP" rebuild --nodedir="$npm_config_nodedir" >/dev/null)

log "ripgrep from /usr/bin/rg"
mkdir -p "$VSCODE/node_modules/@vscode/ripgrep/bin"
cp /usr/bin/rg "$VSCODE/node_modules/@vscode/ripgrep/bin/rg"
ln -sfn node_modules "$VSCODE/node_modules.asar"
# The other two links code-server's postinstall makes (the `code` command in the integrated terminal).
ln -sfn code-linux.sh "$VSCODE/bin/remote-cli/code-server"
ln -sfn browser-linux.sh "$VSCODE/bin/helpers/browser.sh"

log "npm install (lib/vscode/extensions)"
(cd "$VSCODE/extensions" && npm install --omit=dev --ignore-scripts >/dev/null)

# Smoke check: the native modules load and the server prints its version.
log "checking the install"
(cd "$VSCODE" && node -e "
  for (const m of ['node-pty', '@vscode/spdlog', '@parcel/watcher', 'kerberos', 'native-watchdog', '@vscode/deviceid']) require(m);
")
# (--config and XDG_*: code-server otherwise writes a config file and logs into the home folder.)
echo "auth: none" >"$STAGE/config.yaml"
version="$(XDG_CONFIG_HOME="$STAGE/xdg" XDG_DATA_HOME="$STAGE/xdg" XDG_CACHE_HOME="$STAGE/xdg" \
  node "$PKG/out/node/entry.js" --config "$STAGE/config.yaml" --version | grep -E '^[0-9]+\.[0-9]+\.[0-9]+ ' | head -n 1)"
[[ "$version" == "$CODE_SERVER_VERSION "* ]] || { echo "unexpected code-server --version: $version" >&2; exit 1; }

rm -rf "$DEST"
mv "$PKG" "$DEST"
rm -rf "$STAGE"
echo "$MARKER_TEXT" >"$MARKER"
log "code-server $version installed in $DEST ($((SECONDS - started)) s)"
