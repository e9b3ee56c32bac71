# Merc's images. Build from the repository root:
#   docker build --target cli -t merc:cli .
#   docker run --rm -v "$PWD/demo:/data/in:ro" -v "$PWD/out:/data/out" -w /data/out merc:cli --input=/data/in

# --- build: compile and package every module once ---------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY transforms transforms
COPY schema schema
COPY pipeline pipeline
COPY runners runners
RUN mvn -B -ntp -DskipTests package

# --- cli: the DirectRunner bundle; SQLite's native library needs glibc, so no Alpine ------------
FROM eclipse-temurin:17-jre AS cli
RUN useradd --create-home --uid 10001 merc
COPY --from=build /src/runners/direct/target/merc-direct.jar /opt/merc/merc-direct.jar
USER merc
WORKDIR /data
ENTRYPOINT ["java", "-jar", "/opt/merc/merc-direct.jar"]
CMD ["--help"]
