#!/usr/bin/env bash
# Builds a service's container image with Jib where neither a Docker daemon nor a registry is
# reachable, and checks it: the base image comes from this machine's JDK (local-base-image.sh),
# and the image is written as a tarball (docker-to-tar) instead of being pushed or loaded.
# Usage: deploy/images/build-offline.sh [SERVICE]   (default promise-service)
# Output: SERVICE/target/jib-image.tar, loadable with `docker load -i`.
set -euo pipefail
service=${1:-promise-service}
cd "$(dirname "$0")/../.."
images=deploy/images
base=$PWD/deploy/target/images/local-jdk17-base.tar
out=$PWD/$service/target/jib-image.tar
[ -f "$base" ] || "$images/local-base-image.sh" "$base"
rm -f "$out"

KEPT_IMAGE_TAR=$out ./mvnw -B -ntp ${MAVEN_OFFLINE:--o} -pl "$service" -am package -DskipTests \
    -Dquarkus.container-image.build=true \
    -Dquarkus.jib.base-jvm-image="tar://$base" \
    -Dquarkus.jib.docker-executable-name="$PWD/$images/docker-to-tar"

# The tarball names the image the manifests deploy and carries the application.
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
tar -xOf "$out" manifest.json | grep -q "\"kept/$service:$version\"" \
    || { echo "$out does not hold kept/$service:$version" >&2; exit 1; }
found=no
for layer in $(tar -tf "$out" | grep -E '\.tar\.gz$|\.tar$|/layer' ); do
    if tar -xOf "$out" "$layer" | tar -tzf - 2>/dev/null | grep -q 'quarkus-run.jar$'; then found=yes; fi
done
[ "$found" = yes ] || { echo "$out has no quarkus-run.jar" >&2; exit 1; }
echo "$out: kept/$service:$version ($(du -h "$out" | cut -f1))"
