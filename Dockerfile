# syntax=docker/dockerfile:1
# One build, four images: docker build --target api|consumer|serving|training .
# (docker-compose.yml builds them all.)

FROM debian:bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
      openjdk-17-jdk-headless g++ libfaiss-dev libopenblas0-openmp ca-certificates curl unzip \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q package -DskipTests

FROM debian:bookworm-slim AS jre
RUN apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home /app overdrive
WORKDIR /app
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"

FROM jre AS api
COPY --from=build /src/overdrive-api/target/overdrive-api.jar /app/app.jar
USER overdrive
EXPOSE 8088
ENTRYPOINT ["java", "-jar", "/app/app.jar"]

FROM jre AS consumer
COPY --from=build /src/overdrive-consumer/target/overdrive-consumer.jar /app/app.jar
RUN mkdir -p /data/archive && chown overdrive /data/archive
USER overdrive
EXPOSE 8089
# a throughput job: the parallel collector, as in bench/consumer-throughput.sh
ENTRYPOINT ["java", "-XX:+UseParallelGC", "-jar", "/app/app.jar"]

FROM jre AS serving
RUN apt-get update && apt-get install -y --no-install-recommends libfaiss-dev libopenblas0-openmp \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/overdrive-serving/target/overdrive-serving.jar /app/app.jar
RUN mkdir -p /data/index && chown overdrive /data/index
USER overdrive
ENV OMP_WAIT_POLICY=PASSIVE
EXPOSE 9090 8090
ENTRYPOINT ["java", "-jar", "/app/app.jar"]

FROM jre AS training
COPY --from=build /src/overdrive-training/target/overdrive-training.jar /app/app.jar
USER overdrive
ENV OMP_WAIT_POLICY=PASSIVE
ENTRYPOINT ["java", "-Dai.djl.offline=true", "-jar", "/app/app.jar"]
