#!/bin/bash
# Starts the Kafka broker of docker-compose.yml and of deploy/kubernetes/dev-infrastructure (the apache/kafka image)
# with the logins of local-infra's broker (KafkaBroker, KafkaCredentials): clients log in with SASL/SCRAM-SHA-512, one
# login per service plus operator, redrive and admin (the super user, also the broker's own inter-broker login); the
# controller listener takes SASL/PLAIN, the broker's own login only. The broker's other settings, authorizer included,
# are the KAFKA_* environment, which the image turns into server.properties.
#
# The image's own start (KafkaDockerWrapper setup) writes server.properties and formats new storage, but cannot add
# SCRAM credentials, and those exist only if written into the storage when it is formatted
# (kafka-storage format --add-scram). So this script starts the broker as the image does, and on the first start
# formats the new storage again, with the logins.
#
# The passwords come from the environment, PORTAL_KAFKA_<LOGIN>_PASSWORD (compose: .env, written by
# deploy/compose-secrets.sh; Kubernetes: the Secret portal-kafka), never from a file of this repository. They are not
# KAFKA_* variables, which the image would copy into server.properties as they are.
set -euo pipefail

logins=(admin operator redrive invitation-service redemption-service notification-service workflow-service)
mechanism=SCRAM-SHA-512
config_dir=/opt/kafka/config

password() {
  local variable
  variable="PORTAL_KAFKA_$(echo "$1" | tr 'a-z-' 'A-Z_')_PASSWORD"
  if [ -z "${!variable:-}" ]; then
    echo "$variable is not set: the Kafka login $1 has no password" >&2
    exit 1
  fi
  echo "${!variable}"
}

admin_password=$(password admin)
for login in "${logins[@]}"; do
  password "$login" > /dev/null
done
log_dir=${KAFKA_LOG_DIRS:?KAFKA_LOG_DIRS names the one storage directory this script formats}
controller=${KAFKA_CONTROLLER_LISTENER_NAMES:?}
new_storage=true
if [ -e "$log_dir/meta.properties" ]; then
  new_storage=false
fi

# The broker's own logins, one per listener: the image adds the KAFKA_* settings to this file
# (its "mounted" server.properties). Readable by the broker's user only.
umask 077
{
  for listener in $(echo "${KAFKA_LISTENER_SECURITY_PROTOCOL_MAP:?}" | tr ',' '\n' | cut -d: -f1); do
    name=$(echo "$listener" | tr 'A-Z' 'a-z')
    if [ "$listener" = "$controller" ]; then
      echo "listener.name.$name.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"$admin_password\" user_admin=\"$admin_password\";"
    else
      echo "listener.name.$name.$(echo "$mechanism" | tr 'A-Z' 'a-z').sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"$admin_password\";"
    fi
  done
} > /mnt/shared/config/server.properties

# The admin's client settings, for the health check and for tools run in this container
# (kafka-topics.sh --command-config /opt/kafka/config/admin-client.properties ...).
cat > "$config_dir/admin-client.properties" <<CONFIG
security.protocol=SASL_PLAINTEXT
sasl.mechanism=$mechanism
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$admin_password";
CONFIG

# What the image's start does: server.properties from the environment, new storage formatted (without logins).
if ! result=$(/opt/kafka/bin/kafka-run-class.sh kafka.docker.KafkaDockerWrapper setup \
    --default-configs-dir /etc/kafka/docker \
    --mounted-configs-dir /mnt/shared/config \
    --final-configs-dir "$config_dir" 2>&1); then
  echo "$result" | grep -qi "already formatted" || { echo "$result" >&2; exit 1; }
fi

if [ "$new_storage" = true ]; then
  # Nothing but the empty metadata the image just wrote is there: format it again, with the SCRAM logins.
  rm -rf "${log_dir:?}"/*
  scram=()
  for login in "${logins[@]}"; do
    scram+=(--add-scram "$mechanism=[name=$login,password=$(password "$login")]")
  done
  /opt/kafka/bin/kafka-storage.sh format --cluster-id "${CLUSTER_ID:?}" --config "$config_dir/server.properties" "${scram[@]}"
fi

exec /opt/kafka/bin/kafka-server-start.sh "$config_dir/server.properties"
