#!/usr/bin/env bash
# The full test suite, exactly as CI runs it (.ci/run calls this). The browser tests drive Debian's chromium through
# chromium-driver; this installs both with apt-get when they are absent (as root, or through sudo), then runs every
# module's tests with Maven, which fetches everything else (PostgreSQL, Kafka, Keycloak, the mail server) by itself.
# Options are passed to Maven, e.g. ./run-tests.sh -pl end-to-end-tests -am
set -euo pipefail
cd "$(dirname "$0")"

if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
  echo "Installing Debian's chromium and chromium-driver for the browser tests..."
  as_root=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "chromium is missing and neither root nor sudo can install it" >&2; exit 1; }
    as_root=(sudo)
  fi
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium chromium-driver
fi

exec ./mvnw verify "$@"
