#!/usr/bin/env bash
# The full test suite, exactly as CI runs it (.ci/run calls this). The browser tests drive Debian's chromium through
# chromium-driver, and the manifest check (ManifestSchemaTest) runs deploy/kubernetes/validate on Node.js; this installs
# what is absent with apt-get (as root, or through sudo) and the validator's npm packages, then runs every module's
# tests with Maven, which fetches everything else (PostgreSQL, Kafka, Keycloak, the mail server) by itself.
# Options are passed to Maven, e.g. ./run-tests.sh -pl end-to-end-tests -am
set -euo pipefail
cd "$(dirname "$0")"

packages=()
[[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] || packages+=(chromium chromium-driver)
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)
if (( ${#packages[@]} > 0 )); then
  echo "Installing Debian's ${packages[*]} for the browser tests and the manifest check..."
  as_root=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "${packages[*]} missing and neither root nor sudo can install them" >&2; exit 1; }
    as_root=(sudo)
  fi
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}"
fi
npm ci --prefix deploy/kubernetes/validate --no-audit --no-fund --loglevel=error

exec ./mvnw verify "$@"
