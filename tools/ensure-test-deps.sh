#!/bin/sh
# Installs what the test suite needs beyond Deno and npm packages: Debian's
# chromium for the browser test. Run by `deno task test`; a no-op when present.
set -eu
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-test-deps: installing Debian chromium for the browser tests (about 30 s)..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium >/dev/null
  echo "ensure-test-deps: chromium installed" >&2
else
  echo "ensure-test-deps: /usr/bin/chromium is missing; install it (apt-get install chromium) for the browser tests" >&2
  exit 1
fi
