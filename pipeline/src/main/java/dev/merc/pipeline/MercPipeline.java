package dev.merc.pipeline;

import dev.merc.core.extract.ExtractionSettings;
import dev.merc.schema.DatabaseConfig;
import dev.merc.schema.Migrations;
import dev.merc.transforms.ExtractSamples;
import dev.merc.transforms.MatchSamples;
import dev.merc.transforms.WriteJsonLines;
import dev.merc.transforms.WriteToDatabase;
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
    OptionChecks.reachable(database);
    if (options.getInitSchema()) {
      Migrations.migrate(database);
    }
    return build(options, patterns, database).run();
  }

  static Pipeline build(MercOptions options, List<String> patterns, DatabaseConfig database) {
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
            .apply("MatchSamples", new MatchSamples(patterns, options.getFilesPerGroup()))
            .apply("ExtractSamples", new ExtractSamples(settings));
    extracted.apply("WriteToDatabase", new WriteToDatabase(database, options.getJdbcBatchSize()));
    if (!options.getJsonOutput().isEmpty()) {
      extracted
          .get(ExtractSamples.RECORDS)
          .apply("WriteJsonLines", new WriteJsonLines(options.getJsonOutput()));
    }
    return pipeline;
  }
}
