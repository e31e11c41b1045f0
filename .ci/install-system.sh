#!/usr/bin/env bash
# Installs the Debian packages the tests need. Idempotent: a second run changes nothing.
set -euo pipefail

need=(chromium ripgrep poppler-utils fonts-wqy-microhei fonts-dejavu-core)
src=/etc/apt/sources.list.d/debian.sources

# SQLCipher 4.6.1 lives in bookworm-backports (bookworm's own sqlcipher is 3.4, the wrong format).
added_backports=0
if [ -f "$src" ] && ! grep -q 'bookworm-backports' "$src"; then
  sed -i 's/^Suites: bookworm bookworm-updates$/Suites: bookworm bookworm-updates bookworm-backports/' "$src"
  added_backports=1
fi

missing=()
for p in "${need[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
have_sqlcipher4=0
if command -v sqlcipher >/dev/null 2>&1 && echo 'PRAGMA cipher_version;' | sqlcipher 2>/dev/null | grep -q '^4\.'; then
  have_sqlcipher4=1
fi

if [ ${#missing[@]} -gt 0 ] || [ $have_sqlcipher4 -eq 0 ] || [ $added_backports -eq 1 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  [ ${#missing[@]} -gt 0 ] && apt-get install -y -qq --no-install-recommends "${missing[@]}"
  [ $have_sqlcipher4 -eq 0 ] && apt-get install -y -qq --no-install-recommends -t bookworm-backports sqlcipher
fi
true
