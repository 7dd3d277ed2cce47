#!/bin/sh
# Starts a service jar with the image's JVM settings (Dockerfile, stage "jre"): the collector
# ($OVERDRIVE_JVM_GC), the heap as a share of the container's memory ($OVERDRIVE_JVM_HEAP) and
# the deployment's additions ($JAVA_OPTS). Arguments after the jar go to the application.
# exec: the JVM is PID 1's replacement, so SIGTERM reaches it and shutdown is graceful.
set -eu
jar="$1"
shift
# word splitting of the option lists is intended
# shellcheck disable=SC2086
exec java ${OVERDRIVE_JVM_GC:-} ${OVERDRIVE_JVM_HEAP:-} -XX:+ExitOnOutOfMemoryError ${JAVA_OPTS:-} -jar "$jar" "$@"
