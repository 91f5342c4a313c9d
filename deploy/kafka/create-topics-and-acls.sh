#!/bin/bash
# Creates the topics and the ACLs of the portal's Kafka, logged in as the super user admin, once the broker answers:
# docker-compose.yml's kafka-init and deploy/kubernetes/dev-infrastructure's Job kafka-topics run it, with the broker's
# address as its argument and admin's password in PORTAL_KAFKA_ADMIN_PASSWORD. Safe to run again: what exists is kept.
#
# The topics have as many partitions as consumer replicas may share (docs/deployment.md, "Scaling"); the broker would
# otherwise create them on first use with its defaults, and no service may create a topic it does not write.
#
# The ACLs are local-infra's (KafkaAcls, docs/security.md): each service writes the topics of its own events and its
# dead-letter topic and reads the topics it consumes, in the consumer group named after it; operator reads the event
# , command-result and dead-letter topics in groups
# named operator* and writes invitations.commands; redrive (./redrive-dead-letters.sh) reads the dead-letter topics
# and writes the consumed topics, in groups named redrive*; whatever no ACL allows is denied. local-infra's
# DeployedKafkaAclsTest fails when the "allow" lines below and KafkaAcls differ.
set -euo pipefail

bootstrap=${1:?usage: create-topics-and-acls.sh BOOTSTRAP_SERVER}
admin_config=$(mktemp)
trap 'rm -f "$admin_config"' EXIT
cat > "$admin_config" <<CONFIG
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${PORTAL_KAFKA_ADMIN_PASSWORD:?PORTAL_KAFKA_ADMIN_PASSWORD is not set}";
CONFIG

create_topic() {
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --command-config "$admin_config" \
    --create --if-not-exists --topic "$1" --partitions 3 --replication-factor 1
}

# allow PRINCIPAL PATTERN OPERATIONS RESOURCE...: PATTERN is literal or prefixed, OPERATIONS comma-separated
# (Read, Write, Create), each RESOURCE topic:NAME or group:NAME; every operation on every resource.
allow() {
  local principal=$1 pattern=$2 operations=$3
  shift 3
  local arguments=(--add --allow-principal "$principal" --resource-pattern-type "$pattern")
  for operation in ${operations//,/ }; do
    arguments+=(--operation "$operation")
  done
  for resource in "$@"; do
    arguments+=("--${resource%%:*}" "${resource#*:}")
  done
  /opt/kafka/bin/kafka-acls.sh --bootstrap-server "$bootstrap" --command-config "$admin_config" "${arguments[@]}"
}

for topic in invitations.sent invitations.redeemed invitations.email-delivered invitations.email-failed \
             contacts.access-granted invitations.created invitations.revoked invitations.extended invitations.expired \
             contacts.erased invitations.commands invitations.command-results \
             dead-letter.invitation-service dead-letter.redemption-service \
             dead-letter.notification-service dead-letter.workflow-service; do
  create_topic "$topic"
done

allow User:invitation-service literal Write,Create topic:invitations.sent topic:invitations.redeemed topic:invitations.created \
  topic:invitations.revoked topic:invitations.extended topic:invitations.expired topic:contacts.erased \
  topic:invitations.command-results topic:dead-letter.invitation-service
allow User:invitation-service literal Read topic:invitations.email-delivered topic:invitations.email-failed topic:invitations.commands group:invitation-service
allow User:notification-service literal Write,Create topic:invitations.email-delivered topic:invitations.email-failed topic:dead-letter.notification-service
allow User:notification-service literal Read topic:invitations.sent topic:contacts.erased group:notification-service
allow User:redemption-service literal Write,Create topic:contacts.access-granted topic:dead-letter.redemption-service
allow User:redemption-service literal Read topic:invitations.redeemed topic:contacts.erased group:redemption-service
allow User:workflow-service literal Write,Create topic:dead-letter.workflow-service
allow User:workflow-service literal Read topic:invitations.redeemed topic:contacts.erased group:workflow-service
allow User:operator literal Read topic:invitations.sent topic:invitations.redeemed topic:invitations.email-delivered \
  topic:invitations.email-failed topic:contacts.access-granted topic:invitations.created topic:invitations.revoked \
  topic:invitations.extended topic:invitations.expired topic:contacts.erased topic:invitations.command-results
allow User:operator literal Write topic:invitations.commands
allow User:operator prefixed Read topic:dead-letter. group:operator
allow User:redrive prefixed Read topic:dead-letter. group:redrive
allow User:redrive literal Write topic:invitations.sent topic:invitations.redeemed topic:invitations.email-delivered \
  topic:invitations.email-failed topic:invitations.commands topic:contacts.erased
