#!/usr/bin/env bash
# Applies the system to the current kubectl context in the order it starts: on a development cluster (--dev) first the
# Secrets with their placeholder values (deploy/kubernetes/secrets) and the infrastructure (dev-infrastructure), then
# each application's manifests as its build generated them (<module>/target/kubernetes/kubernetes.yml: ./mvnw package
# first). Without --dev the Secrets must exist already, with real values: the placeholders are never applied over them.
# A kustomization cannot list the generated files: kustomize loads nothing outside its own directory.
#   deploy/kubernetes/apply.sh [--dev] [--namespace NAME] [kubectl apply options, e.g. --dry-run=server]
set -euo pipefail
cd "$(dirname "$0")/../.."

namespace=portal-invitations
dev=false
options=()
while (( $# > 0 )); do
  case "$1" in
    --dev) dev=true ;;
    --namespace) namespace="$2"; shift ;;
    *) options+=("$1") ;;
  esac
  shift
done

applications=(redemption-service workflow-service notification-service invitation-service portal-web)
for application in "${applications[@]}"; do
  [[ -f $application/target/kubernetes/kubernetes.yml ]] \
    || { echo "$application/target/kubernetes/kubernetes.yml is missing: ./mvnw package -DskipTests first" >&2; exit 1; }
done

if $dev; then
  # dev-infrastructure's kustomization names its namespace itself.
  [[ $namespace == portal-invitations ]] || { echo "dev-infrastructure runs in portal-invitations only" >&2; exit 1; }
  kubectl apply -n "$namespace" "${options[@]}" -f deploy/kubernetes/secrets
  kubectl apply "${options[@]}" -k deploy/kubernetes/dev-infrastructure
fi
for application in "${applications[@]}"; do
  kubectl apply -n "$namespace" "${options[@]}" -f "$application/target/kubernetes/kubernetes.yml"
done
