package dev.merc.pipeline;

import dev.merc.core.extract.ExtractionSettings;
import dev.merc.schema.DatabaseConfig;
import dev.merc.schema.Migrations;
import dev.merc.transforms.ArchiveSettings;
import dev.merc.transforms.ExtractSamples;
import dev.merc.transforms.MatchSamples;
import dev.merc.transforms.WriteJsonLines;
import dev.merc.transforms.WriteToDatabase;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.values.PCollectionTuple;

/** Assembles Merc's pipeline: match the samples, extract each once, write the database and JSON. */
public final class MercPipeline {

  private MercPipeline() {}

  /**
   * Checks the options, prepares the schema and starts the run; the caller decides whether to wait.
   *
   * @throws InvalidOptionException naming the first bad option
   */
  public static PipelineResult run(MercOptions options) {
    OptionChecks.limits(options);
    DatabaseConfig database = OptionChecks.database(options);
    List<String> patterns = OptionChecks.inputPatterns(options);
    List<String> archives = OptionChecks.archives(options);
    Path labels = OptionChecks.labels(options);
    OptionChecks.reachable(database);
    if (options.getInitSchema()) {
      Migrations.migrate(database);
    }
    if (labels != null) {
      OptionChecks.loadLabels(database, labels);
    }
    return build(options, patterns, archives, database).run();
  }

  static Pipeline build(
      MercOptions options, List<String> patterns, List<String> archives, DatabaseConfig database) {
    Pipeline pipeline = Pipeline.create(options);
    ExtractSamples.Settings settings =
        new ExtractSamples.Settings(
            options.getMaxSampleBytes(),
            options.getSkipKnown() ? database : null,
            new ExtractionSettings(
                options.getMinStringLength(), options.getMaxStrings(), options.getMaxStringBytes()),
            options.getSampleTimeoutSeconds());
    PCollectionTuple extracted =
        pipeline
            .apply("MatchSamples", new MatchSamples(patterns, options.getFilesPerGroup())
                .withArchives(archives, archiveSettings(options)))
            .apply("ExtractSamples", new ExtractSamples(settings));
    extracted.apply("WriteToDatabase", new WriteToDatabase(database, options.getJdbcBatchSize()));
    if (!options.getJsonOutput().isEmpty()) {
      extracted
          .get(ExtractSamples.RECORDS)
          .apply("WriteJsonLines", new WriteJsonLines(options.getJsonOutput()));
    }
    return pipeline;
  }

  /** Spools under the pipeline's temp location when one is set, else the JVM's temp folder. */
  static ArchiveSettings archiveSettings(MercOptions options) {
    String root = options.getTempLocation();
    if (root == null || root.isEmpty()) {
      root = System.getProperty("java.io.tmpdir");
    }
    return new ArchiveSettings(options.getArchivePassword(), options.getArchiveEntryGlob(),
        options.getMaxSampleBytes(), root);
  }
}
