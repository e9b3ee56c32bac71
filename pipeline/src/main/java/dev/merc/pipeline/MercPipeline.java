package dev.merc.pipeline;

import dev.merc.core.extract.ExtractionSettings;
import dev.merc.schema.DatabaseConfig;
import dev.merc.schema.Migrations;
import dev.merc.transforms.ArchiveSettings;
import dev.merc.transforms.ExtractSamples;
import dev.merc.transforms.MatchSamples;
import dev.merc.transforms.PublishResults;
import dev.merc.transforms.SampleFile;
import dev.merc.transforms.WatchSamples;
import dev.merc.transforms.WriteJsonLines;
import dev.merc.transforms.WriteToDatabase;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.values.PCollection;
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
    Modes modes = Modes.of(options);
    List<String> patterns = modes.queue() == null
        ? OptionChecks.inputPatterns(options, modes.watch() != null) : List.of();
    // Checked in queue mode too: queued archives are read with the same glob.
    List<String> archives = OptionChecks.archives(options);
    if (modes.watch() != null && !archives.isEmpty()) {
      throw new InvalidOptionException("watch", "watches folders, not archives: " + archives);
    }
    Path labels = OptionChecks.labels(options);
    OptionChecks.reachable(database);
    if (options.getInitSchema()) {
      Migrations.migrate(database);
    }
    if (labels != null) {
      OptionChecks.loadLabels(database, labels);
    }
    return build(options, patterns, archives, database, modes).run();
  }

  static Pipeline build(MercOptions options, List<String> patterns, List<String> archives,
      DatabaseConfig database, Modes modes) {
    Pipeline pipeline = Pipeline.create(options);
    ExtractSamples.Settings settings =
        new ExtractSamples.Settings(
            options.getMaxSampleBytes(),
            options.getSkipKnown() ? database : null,
            new ExtractionSettings(
                options.getMinStringLength(), options.getMaxStrings(), options.getMaxStringBytes()),
            options.getSampleTimeoutSeconds());
    if (modes.queue() != null) {
      return QueuePipeline.build(pipeline, settings, database, options, modes);
    }
    PCollection<SampleFile> files =
        modes.watch() == null
            ? pipeline.apply("MatchSamples", new MatchSamples(patterns, options.getFilesPerGroup())
                .withArchives(archives, archiveSettings(options)))
            : pipeline.apply("WatchSamples", new WatchSamples(patterns, modes.watch()))
                .apply("WindowByPollTime", CommitSignals.<SampleFile>byReadTime());
    PCollectionTuple extracted = files.apply("ExtractSamples", new ExtractSamples(settings));
    PCollection<Void> committed = extracted.apply(
        "WriteToDatabase", new WriteToDatabase(database, options.getJdbcBatchSize()));
    if (modes.resultStream() != null) {
      // A batch run publishes beside the write: its one global window would make Wait.on hold
      // every summary until the whole run is committed (in memory, on the DirectRunner).
      publish(extracted, modes,
          modes.watch() == null ? null : CommitSignals.of(committed, files));
    }
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

  /**
   * With --resultStream, also publishes every input's outcome to Redis; after its window's commit
   * when {@code committed} is given (streaming), else beside the write.
   */
  static void publish(PCollectionTuple extracted, Modes modes, PCollection<Void> committed) {
    if (modes.resultStream() != null) {
      PublishResults publish =
          new PublishResults(modes.redis(), modes.resultStream(), modes.resultStreamMaxLen());
      extracted.apply("PublishResults",
          committed == null ? publish : publish.afterCommit(committed));
    }
  }
}
