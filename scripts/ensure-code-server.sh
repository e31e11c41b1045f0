#!/usr/bin/env bash
# Installs code-server (= VS Code 1.100.3 for the web) into a cache folder outside the repository, once.
# Later runs on the same machine (CI clones included) reuse it. Prints the install folder on stdout.
set -euo pipefail

version=4.100.3
cache="${TRCAA_CACHE_DIR:-$HOME/.cache/trcaa}"
dest="$cache/code-server-$version"
pkg="$dest/node_modules/code-server"
stamp="$dest/.ready"

if [ -f "$stamp" ]; then echo "$pkg"; exit 0; fi

log() { echo "[ensure-code-server] $*" >&2; }
mkdir -p "$dest"
cd "$dest"
[ -f package.json ] || echo '{"name":"trcaa-code-server-cache","private":true}' > package.json

log "installing code-server@$version into $dest (first run only)"
npm install --no-audit --no-fund --loglevel=error "code-server@$version" --ignore-scripts >&2

# code-server's own native dependency, hoisted next to it (argon2 is loaded at start).
npm_config_yes=true npm rebuild argon2 >&2
[ -n "$(ls node_modules/argon2/lib/binding/*/argon2.node 2>/dev/null)" ] || { log "argon2 did not build"; exit 1; }

cd "$pkg/lib/vscode"
log "installing VS Code's server dependencies"
npm install --no-audit --no-fund --loglevel=error --omit=dev --ignore-scripts >&2
# Native modules the server and extension host need; kerberos and node-pty (terminal) are optional.
for m in @vscode/spdlog @parcel/watcher @vscode/sqlite3 native-watchdog @vscode/windows-registry; do
  [ -d "node_modules/$m" ] && (npm_config_yes=true npm rebuild "$m" >&2 || log "rebuild of $m failed (optional)")
done
for m in node-pty; do
  [ -d "node_modules/$m" ] && (npm_config_yes=true npm rebuild "$m" >&2 || log "rebuild of $m failed (not needed by the tests)")
done

# Its ripgrep download fails here: use Debian's.
rgdir=node_modules/@vscode/ripgrep/bin
mkdir -p "$rgdir"
if command -v rg >/dev/null; then cp "$(command -v rg)" "$rgdir/rg"; else log "warning: no rg on PATH (apt-get install ripgrep)"; fi
[ -e node_modules.asar ] || ln -s node_modules node_modules.asar

touch "$stamp"
echo "$pkg"
