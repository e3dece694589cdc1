# Build: the same Maven build as on a laptop (tests run in CI, not in the image build).
FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY .mvn .mvn
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q package -DskipTests -Dspotless.check.skip=true

# Run: a slim JRE, a non-root user, the one jar.
FROM eclipse-temurin:17.0.13_11-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app guichet \
 && mkdir -p /app/data && chown -R guichet /app
WORKDIR /app
COPY --from=build /src/target/guichet.jar /app/guichet.jar
USER 10001
# Without GUICHET_PG_URL / GUICHET_REDIS_URL the embedded servers keep their data here.
ENV GUICHET_DATA_DIR=/app/data \
    GUICHET_HTTP_PORT=8080
EXPOSE 8080 5701
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/health/live || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/guichet.jar"]
