#!/bin/sh
# Makes sure Debian's Chromium is at /usr/bin/chromium for the desk's browser test.
# Only the distribution package: never a browser downloaded by a test tool or a script.
set -eu

[ -x /usr/bin/chromium ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  SUDO=''
elif command -v sudo >/dev/null 2>&1; then
  SUDO='sudo'
else
  echo 'ensure-chromium: /usr/bin/chromium is missing and this user cannot install it (not root, no sudo).' >&2
  echo 'ensure-chromium: install it with: apt-get install -y --no-install-recommends chromium' >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo 'ensure-chromium: /usr/bin/chromium is missing and apt-get is not available; install Chromium yourself.' >&2
  exit 1
fi

echo 'ensure-chromium: installing Debian chromium (once)…' >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null

[ -x /usr/bin/chromium ] || { echo 'ensure-chromium: install finished but /usr/bin/chromium is still missing.' >&2; exit 1; }
