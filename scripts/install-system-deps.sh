#!/bin/sh
# The Debian packages the test suite needs: a PostgreSQL server (the tests start a private one on
# loopback) and Chromium (the review page is tested in a real headless browser). Installs only what
# is missing, so a machine that has them pays nothing.
set -e
missing=""
command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$missing postgresql"
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
    echo "install these Debian packages first (needs root): $missing" >&2
    exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
