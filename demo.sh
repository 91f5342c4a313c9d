#!/usr/bin/env bash
# Steps 1 to 3 of the portal's story against the system ./run-local.sh started (run it first, in another terminal):
# creates two web roles, an account, a workflow and two contacts, sends a Single invitation, reads the email from the
# local mailbox, redeems the code it carries, and prints what each service did; then emails you an invitation to
# accept yourself in a browser (step 4). Run it as often as you like.
# Options are passed to the demo: --base-dir DIR (the one the system runs from, found by itself otherwise) and
# --invitation-service-url URL and the like when the services do not run on their default ports 8080-8084.
set -euo pipefail
cd "$(dirname "$0")"

classes=portal-client/target/classes
classpath_file=portal-client/target/demo.classpath
# ./run-local.sh builds the demo along with everything else; build it here only if it never was.
if [[ ! -f "$classes/dev/invitations/portalclient/Demo.class" || ! -f "$classpath_file" ]]; then
  echo "Building the demo..."
  ./mvnw -q -pl portal-client -am install -DskipTests
fi
exec java -cp "$classes:$(cat "$classpath_file")" dev.invitations.portalclient.Demo "$@"
