#!/usr/bin/env bash
# Applies Kept to the current kubectl context, in order: namespace, role secrets, Kafka and
# PostgreSQL (waiting until they are ready), then the services (waiting for their rollout).
# Usage: deploy/apply.sh dev|prod      Needs: kubectl, and the Strimzi, CloudNativePG and
# prometheus-operator CRDs installed (deploy/README.md). Safe to run again: it changes only what differs.
set -euo pipefail

overlay=${1:?usage: deploy/apply.sh dev|prod}
dir="$(cd "$(dirname "$0")" && pwd)/kubernetes/overlays/$overlay"
[ -d "$dir" ] || { echo "no overlay $overlay (dev or prod)" >&2; exit 2; }
ns=kept
timeout=${KEPT_APPLY_TIMEOUT:-15m}

need_crd() {
    kubectl get crd "$1" >/dev/null 2>&1 || { echo "CRD $1 missing: install $2 first (deploy/README.md)" >&2; exit 1; }
}
need_crd kafkas.kafka.strimzi.io "the Strimzi operator"
need_crd kafkanodepools.kafka.strimzi.io "the Strimzi operator"
need_crd kafkatopics.kafka.strimzi.io "the Strimzi operator"
need_crd clusters.postgresql.cnpg.io "the CloudNativePG operator"
need_crd databases.postgresql.cnpg.io "the CloudNativePG operator (1.25 or newer)"
need_crd servicemonitors.monitoring.coreos.com "the prometheus-operator CRDs"

echo "== namespace"
kubectl apply -k "$dir" -l app.kubernetes.io/component=namespace

echo "== role secrets (created once with a random password, never overwritten)"
for role in promise recovery followup analytics kept_bi; do
    name="kept-db-${role//_/-}"
    if ! kubectl -n "$ns" get secret "$name" >/dev/null 2>&1; then
        kubectl -n "$ns" create secret generic "$name" --type=kubernetes.io/basic-auth \
            --from-literal=username="$role" \
            --from-literal=password="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
        kubectl -n "$ns" label secret "$name" app.kubernetes.io/part-of=kept cnpg.io/reload=true
    fi
done

echo "== Kafka and PostgreSQL"
kubectl apply -k "$dir" -l app.kubernetes.io/component=infrastructure
kubectl -n "$ns" wait kafka/kept --for=condition=Ready --timeout="$timeout"
kubectl -n "$ns" wait kafkatopic -l strimzi.io/cluster=kept --for=condition=Ready --timeout="$timeout"
kubectl -n "$ns" wait cluster.postgresql.cnpg.io/kept-db --for=condition=Ready --timeout="$timeout"
kubectl -n "$ns" wait database.postgresql.cnpg.io -l app.kubernetes.io/part-of=kept \
    --for=jsonpath='{.status.applied}'=true --timeout="$timeout"

echo "== services"
kubectl apply -k "$dir"
for svc in promise-service recovery-service followup-service analytics-service; do
    kubectl -n "$ns" rollout status deployment/"$svc" --timeout="$timeout"
done
echo "Kept is running in namespace $ns."
