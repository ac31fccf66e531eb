#!/usr/bin/env bash
# Installs the Debian packages that Zonelint's tests and benchmark need, then the
# code-server (a real VS Code) and Node 24 that test/e2e/vscode.test.ts drives, cached
# under ~/.cache/zonelint/ by scripts/setup-vscode-e2e.sh.
#
#   bash scripts/setup-system.sh        (also: npm run setup)
#
# Idempotent: when every tool is already present it only checks and exits,
# without touching apt. Otherwise it runs `apt-get update` once and installs
# the missing packages with --no-install-recommends. Runs as root directly,
# or through sudo when not root and sudo exists.
#
#   tool               package            used for
#   named-checkzone    bind9-utils        reference zone checker (tests, bench)
#   named-compilezone  bind9-utils        canonical zone output (tests)
#   named              bind9              live DNS tests on 127.0.0.1
#   dig                bind9-dnsutils     live DNS tests
#   kzonecheck         knot-dnssecutils   second reference zone checker
#                                         (not part of the `knot` package)
#   /usr/bin/time      time               bench: wall time and peak RSS
#   openssl            openssl            test keys and certificate hashes
#   postfix            postfix            an SMTP server with STARTTLS on 127.0.0.1
#                                         for `zonelint tlsa --verify` (test/cli)
#   nvim               neovim             a second editor driving the language
#                                         server (test/neovim)
#   chromium           chromium           the browser that shows code-server's
#                                         VS Code workbench (test/e2e)
#   make, g++, python3 make, g++, python3 build code-server's native modules with
#   gssapi/gssapi.h    libkrb5-dev        node-gyp (scripts/setup-vscode-e2e.sh)
#
# The code-server step is not fatal: when it cannot be installed, the setup warns and
# test/e2e skips with the reason.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

# "command package" pairs. A command given as an absolute path is checked as a
# file, since `time` is also a shell keyword and `command -v time` is useless; one
# under /usr/include is a header that a -dev package provides.
REQUIRED=(
  "named-checkzone bind9-utils"
  "named-compilezone bind9-utils"
  "named bind9"
  "dig bind9-dnsutils"
  "kzonecheck knot-dnssecutils"
  "/usr/bin/time time"
  "openssl openssl"
  "postfix postfix"
  "nvim neovim"
  "chromium chromium"
  "make make"
  "g++ g++"
  "python3 python3"
  "/usr/include/gssapi/gssapi.h libkrb5-dev"
)

log() { printf 'setup-system: %s\n' "$*"; }

# code-server for the VS Code end-to-end test; run on every exit path below, after the
# Debian packages. A failure there is reported, not fatal: the test then skips.
setup_vscode_e2e() {
  if [[ ${ZONELINT_SKIP_VSCODE_SETUP-} == 1 ]]; then
    log "ZONELINT_SKIP_VSCODE_SETUP=1: not installing code-server (test/e2e will skip)"
    return 0
  fi
  if ! bash "$(dirname "${BASH_SOURCE[0]}")/setup-vscode-e2e.sh"; then
    log "WARNING: code-server could not be installed; the VS Code end-to-end test will be skipped" >&2
  fi
  return 0
}

have_cmd() {
  local cmd=$1
  if [[ $cmd == /usr/include/* ]]; then
    [[ -f $cmd ]]
    return
  fi
  if [[ $cmd == /* ]]; then
    [[ -x $cmd ]]
    return
  fi
  # named lives in /usr/sbin, which a non-root PATH may not contain.
  command -v "$cmd" >/dev/null 2>&1 && return 0
  local dir
  for dir in /usr/sbin /sbin /usr/bin /bin; do
    [[ -x $dir/$cmd ]] && return 0
  done
  return 1
}

pkg_installed() {
  [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true) == "install ok installed" ]]
}

# Collect the packages whose command is missing or whose package is not
# (fully) installed, e.g. left half-configured by an interrupted install.
missing=()
for pair in "${REQUIRED[@]}"; do
  read -r cmd pkg <<<"$pair"
  if have_cmd "$cmd" && pkg_installed "$pkg"; then
    continue
  fi
  [[ " ${missing[*]-} " == *" $pkg "* ]] || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  log "all present (named-checkzone, named-compilezone, named, dig, kzonecheck, /usr/bin/time, openssl, postfix, nvim, chromium, make, g++, python3, libkrb5-dev)"
  setup_vscode_e2e
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo -E)
else
  log "need to install: ${missing[*]}" >&2
  log "not root and sudo is not available; install them as root and re-run" >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  log "apt-get not found; install these Debian packages by hand: ${missing[*]}" >&2
  exit 1
fi

# Wait for another apt/dpkg run (e.g. one started at boot) instead of failing
# on its lock.
APT_OPTS=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)

# One attempt: refresh the package lists, then install. A failed attempt
# (mirror hiccup, lists that went stale mid-run, a lock held too long) is
# retried once after a pause, refreshing the lists again.
install_missing() {
  "${SUDO[@]}" apt-get "${APT_OPTS[@]}" update -q &&
    "${SUDO[@]}" apt-get "${APT_OPTS[@]}" install -y -q --no-install-recommends "${missing[@]}"
}

# Keep package maintainer scripts from starting the system's named on port 53
# and Postfix on port 25: the tests start their own servers. (Postfix's debconf
# questions are answered with their defaults: DEBIAN_FRONTEND=noninteractive.) Only done when no policy exists already,
# and undone on exit.
POLICY=/usr/sbin/policy-rc.d
created_policy=0
cleanup() {
  if [[ $created_policy -eq 1 ]]; then
    "${SUDO[@]}" rm -f "$POLICY"
  fi
}
trap cleanup EXIT
if [[ ! -e $POLICY ]]; then
  printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$POLICY" >/dev/null
  "${SUDO[@]}" chmod 755 "$POLICY"
  created_policy=1
fi

log "installing: ${missing[*]}"
if ! install_missing; then
  log "apt-get failed; retrying once in 15 s" >&2
  sleep 15
  install_missing
fi

# Verify that every tool is now there.
failed=0
for pair in "${REQUIRED[@]}"; do
  read -r cmd pkg <<<"$pair"
  if ! have_cmd "$cmd"; then
    log "still missing after install: $cmd (package $pkg)" >&2
    failed=1
  fi
done
[[ $failed -eq 0 ]] || exit 1
log "installed: ${missing[*]}"
setup_vscode_e2e
