#!/usr/bin/env bash
# Installs the real Python systems the testbed measures beside its styles (the reference rows and the conformance
# suite): Tornado, gevent, aiohttp and uvloop, from Debian's packages, for Debian's own python3 (/usr/bin/python3).
# Optional: without them `npm run bench` still runs, and the report lists each reference as skipped with this command.
set -euo pipefail
PACKAGES=(python3-tornado python3-gevent python3-aiohttp python3-uvloop)

if [ "$(id -u)" -eq 0 ]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else
  echo "install-references: needs root (or sudo) to run: apt-get install ${PACKAGES[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null; then
  echo "install-references: no apt-get here; install ${PACKAGES[*]} (or their pip equivalents) by your system's means" >&2
  exit 1
fi

missing=()
for p in "${PACKAGES[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-references: already installed: ${PACKAGES[*]}"
else
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
/usr/bin/python3 -c 'import tornado, gevent, aiohttp, uvloop, sys
print("install-references: python", sys.version.split()[0], "tornado", tornado.version, "gevent", gevent.__version__, "aiohttp", aiohttp.__version__, "uvloop", uvloop.__version__)'
