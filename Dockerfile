# Merc's images, one per runner. Build from the repository root:
#   docker build --target cli -t merc:cli .
#   docker run --rm -v "$PWD/demo:/data/in:ro" merc:cli --input=/data/in     # SQLite in /data/merc.db
#   docker build --target flink -t merc:flink .
#   docker build --target dataflow -t REGION-docker.pkg.dev/PROJECT/merc/merc-dataflow:0.1 .
# DockerfileIT (runners/dataflow) checks this file and .dockerignore against the build (COPY
# sources, jars, main classes, pinned images).

# --- build: compile and package every module once ---------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY transforms transforms
COPY schema schema
COPY pipeline pipeline
COPY runners runners
COPY bench/jmh bench/jmh
RUN mvn -B -ntp -DskipTests package

# --- cli: the DirectRunner bundle; SQLite's native library needs glibc, so no Alpine ------------
FROM eclipse-temurin:17-jre AS cli
RUN useradd --create-home --uid 10001 merc && mkdir -p /data && chown merc /data
COPY --from=build /src/runners/direct/target/merc-direct.jar /opt/merc/merc-direct.jar
USER merc
WORKDIR /data
ENTRYPOINT ["java", "-jar", "/opt/merc/merc-direct.jar"]
CMD ["--help"]

# --- flink: the job jar where Flink's application mode looks for it (usrlib) ------------------
# The Flink version must match beam-runners-flink-1.19 (flink.version in runners/flink/pom.xml).
#   docker run merc:flink standalone-job --job-classname dev.merc.pipeline.MercMain \
#     --runner=FlinkRunner --input=... --jdbcUrl=jdbc:postgresql://...
FROM flink:1.19.0-scala_2.12-java17 AS flink
COPY --from=build /src/runners/flink/target/merc-flink.jar /opt/flink/usrlib/merc-flink.jar

# --- dataflow: the Flex Template launcher; it runs main once to submit the job, then exits -----
# Pinned to a release of the Java 17 launcher base (its tags are listed in Dataflow's "Flex
# Templates base images" reference); move it forward deliberately, not through :latest.
FROM gcr.io/dataflow-templates-base/java17-template-launcher-base:flex_templates_base_image_release_20260105_RC00 AS dataflow
ENV FLEX_TEMPLATE_JAVA_MAIN_CLASS=dev.merc.pipeline.MercMain
ENV FLEX_TEMPLATE_JAVA_CLASSPATH=/template/merc-dataflow.jar
# A Flex launch must return once the job is submitted.
ENV MERC_WAIT_UNTIL_FINISH=false
COPY --from=build /src/runners/dataflow/target/merc-dataflow.jar /template/merc-dataflow.jar
COPY runners/dataflow/flex/metadata.json /template/metadata.json
