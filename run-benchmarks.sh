#!/usr/bin/env bash
# Measures the system on this machine (issue 8): bulk sending, redemption under contention and event consumption.
# Builds what is needed, starts PostgreSQL, Kafka, the mail server and the four services on free ports (state and logs
# in target/benchmarks/local-system), runs the scenarios, prints a table and writes target/benchmarks/results-*.json.
# Every option is passed to the tool; --help lists them, e.g.
#   ./run-benchmarks.sh --emails 100000 --scenario bulk-send
#   ./run-benchmarks.sh --use-running              # against the system ./run-local.sh started
# Not part of ./mvnw verify: a benchmark takes minutes and wants a quiet machine.
set -euo pipefail
cd "$(dirname "$0")"

echo "Building the services and the benchmark tool..."
./mvnw -q install -DskipTests

classpath_file=benchmarks/target/benchmarks.classpath
# exec: Ctrl-C reaches the JVM, whose shutdown hook stops the system it started.
exec java -cp "benchmarks/target/classes:$(cat "$classpath_file")" dev.invitations.benchmarks.Benchmarks "$@"
