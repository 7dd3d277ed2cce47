# syntax=docker/dockerfile:1
# One build, four images: docker build --target api|consumer|serving|training .
# (docker-compose.yml builds them all; docs/deploy.md has the multi-architecture command.)
#
# Every stage starts from one Debian image pinned by digest: the serving node needs Debian's
# libfaiss, and one base means one set of security updates. The digest below is the multi-platform
# index of debian:bookworm-20250203-slim (Debian 12.9), as many public Dockerfiles pin it; the build
# machine has no registry access, so it was cross-checked there, not pulled. Refresh it with
#   docker buildx imagetools inspect debian:bookworm-slim --format '{{json .Manifest.Digest}}'
# or override it for one build: docker build --build-arg DEBIAN_IMAGE=debian:bookworm-slim@sha256:...
ARG DEBIAN_IMAGE=debian:bookworm-slim@sha256:40b107342c492725bc7aacbe93a49945445191ae364184a6d24fedb28172f6f7

FROM ${DEBIAN_IMAGE} AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
      openjdk-17-jdk-headless g++ libfaiss-dev libopenblas0-openmp ca-certificates curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# the FAISS JNI binding links the libfaiss of the platform being built (amd64 or arm64); the
# system tests (which start these jars) are CI's, not the image's
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q package -DskipTests -pl '!system-test' -Dfaiss.linkPath=/usr/lib/$(gcc -print-multiarch)

# What every service image shares: the service user and the paths it writes, curl for the health
# checks, the entrypoint and the JVM settings. The Java runtime comes in the next two stages.
FROM ${DEBIAN_IMAGE} AS runtime
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --create-home --home-dir /home/overdrive overdrive \
    # every writable path a service uses, owned by the service user: a named volume mounted there
    # (docker-compose) starts with this ownership, so uid 10001 can write to it
    && mkdir -p /data/models /data/archive /data/index \
    && chown -R overdrive:overdrive /data
COPY docker/java-entrypoint.sh /usr/local/bin/overdrive-java
# JVM settings, in one place for every service (the latency work tunes them here):
#   OVERDRIVE_JVM_GC    the collector
#   OVERDRIVE_JVM_HEAP  heap as a share of the container's memory limit
#   JAVA_OPTS           per-deployment additions (compose/k8s environment)
# The parallel collector: on 2 vCPUs its young pauses were a fifth of G1's for the ranking path
# (~7 ms against ~30 ms, 1/9 of the pause time per request) and it costs the consumer less CPU per
# event (decision 0505, docs/benchmarks.md)
ENV OVERDRIVE_JVM_GC="-XX:+UseParallelGC" \
    OVERDRIVE_JVM_HEAP="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=50" \
    JAVA_OPTS="" \
    HOME=/home/overdrive
WORKDIR /app
ENTRYPOINT ["/usr/local/bin/overdrive-java", "/app/app.jar"]

# Debian's OpenJDK 17: the consumer and the trainer
FROM runtime AS jre
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
    && rm -rf /var/lib/apt/lists/*
USER 10001:10001

# Eclipse Temurin 25 from Adoptium's Debian repository: the API and the serving node. The same jar (built for Java 17)
# ranks with 20-30% less CPU per request and 1.6x the ids rankings a second at four callers on it
# (decision 0505, docs/benchmarks.md). The repository's key is checked against Adoptium's published
# fingerprint before apt trusts it; a changed key stops the build.
FROM runtime AS jre25
ARG ADOPTIUM_KEY_FINGERPRINT=3B04D753C9050D9A5D343F39843C48A565F8F04B
RUN apt-get update && apt-get install -y --no-install-recommends gnupg \
    && curl -fsSL https://packages.adoptium.net/artifactory/api/gpg/key/public -o /tmp/adoptium.asc \
    && gpg --show-keys --with-colons /tmp/adoptium.asc | grep -q "^fpr:::::::::${ADOPTIUM_KEY_FINGERPRINT}:" \
    && gpg --dearmor -o /usr/share/keyrings/adoptium.gpg /tmp/adoptium.asc \
    && echo "deb [signed-by=/usr/share/keyrings/adoptium.gpg] https://packages.adoptium.net/artifactory/deb $(. /etc/os-release && echo "$VERSION_CODENAME") main" \
       > /etc/apt/sources.list.d/adoptium.list \
    && apt-get update && apt-get install -y --no-install-recommends temurin-25-jre \
    && apt-get purge -y --auto-remove gnupg \
    && rm -rf /var/lib/apt/lists/* /tmp/adoptium.asc /root/.gnupg \
    && java -version
USER 10001:10001

FROM jre25 AS api
COPY --from=build /src/overdrive-api/target/overdrive-api.jar /app/app.jar
# the ranking path's collector setting (decision 0505, sixth round): the parallel collector
# without its footprint goal, so its adaptive sizing keeps the young generation it grew (under load
# it shrank it until a 5-10 ms pause came every second), and Java 25's compact object headers
# (10-13% fewer bytes allocated per ranking; the entrypoint passes the flag only when its java
# accepts it)
ENV OVERDRIVE_JVM_GC="-XX:+UseParallelGC -XX:-UseAdaptiveSizePolicyFootprintGoal" \
    OVERDRIVE_JVM_COMPACT_HEADERS=auto
EXPOSE 8088
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://localhost:${OVERDRIVE_SERVICE_PORT:-8088}/actuator/health/readiness || exit 1

FROM jre AS consumer
COPY --from=build /src/overdrive-consumer/target/overdrive-consumer.jar /app/app.jar
# a throughput job: the parallel collector (the base's) costs less CPU per event
# (bench/consumer-throughput.sh)
EXPOSE 8089
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://localhost:${OVERDRIVE_CONSUMER_PORT:-8089}/actuator/health/readiness || exit 1

# the serving node on Temurin 25 with compact object headers, like the API: the same jar ranks a
# ForYou with 4-13% less CPU on its call threads and allocates 10% less (decision 0505, eleventh round)
FROM jre25 AS serving
USER root
RUN apt-get update && apt-get install -y --no-install-recommends libfaiss-dev libopenblas0-openmp \
    && rm -rf /var/lib/apt/lists/*
USER 10001:10001
COPY --from=build /src/overdrive-serving/target/overdrive-serving.jar /app/app.jar
# the parallel collector without its footprint goal, as the API: with it the node's young
# generation shrank until it collected ten times as often as the API's at the same allocation per
# call, and those pauses were the gRPC path's extra tail (decision 0505, twelfth round)
ENV OMP_WAIT_POLICY=PASSIVE \
    OVERDRIVE_JVM_GC="-XX:+UseParallelGC -XX:-UseAdaptiveSizePolicyFootprintGoal" \
    OVERDRIVE_JVM_COMPACT_HEADERS=auto
EXPOSE 9090 8090
# the HTTP side is up: the process serves. Whether an index is loaded is the gRPC health service's
# answer (NOT_SERVING until a model is published), which Kubernetes' readiness probe asks.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://localhost:${OVERDRIVE_HTTP_PORT:-8090}/actuator/health || exit 1

FROM jre AS training
COPY --from=build /src/overdrive-training/target/overdrive-training.jar /app/app.jar
# PASSIVE here saves the trainer's self-relaunch (docs/training.md, "Threads")
ENV OMP_WAIT_POLICY=PASSIVE \
    JAVA_OPTS="-Dai.djl.offline=true"
# a batch job: it runs and exits, nothing to probe
HEALTHCHECK NONE
