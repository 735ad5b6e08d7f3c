#!/bin/sh
# Installs what the test suite needs beyond Deno and npm packages, from Debian:
# chromium (browser tests), redis-server (shared-store tests), haproxy and wrk
# (front and load tools used by tests and benchmarks), python3 (the original
# Python tool's peers in tests/legacy/). Run by `deno task test`;
# a no-op when all are present.
set -eu
missing=""
for pair in chromium:/usr/bin/chromium redis-server:/usr/bin/redis-server haproxy:/usr/sbin/haproxy wrk:/usr/bin/wrk; do
  pkg=${pair%%:*}
  bin=${pair#*:}
  [ -x "$bin" ] || missing="$missing $pkg"
done
# Any python3 on PATH will do (a pyenv one included).
command -v python3 >/dev/null 2>&1 || missing="$missing python3"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-test-deps: installing Debian packages:$missing (about a minute)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  # shellcheck disable=SC2086
  apt-get install -y -qq $missing >/dev/null
  echo "ensure-test-deps: installed$missing" >&2
else
  echo "ensure-test-deps: missing Debian packages:$missing; install them (apt-get install$missing)" >&2
  exit 1
fi
