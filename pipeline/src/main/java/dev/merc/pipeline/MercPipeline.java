package dev.merc.pipeline;

import dev.merc.core.extract.ExtractionSettings;
import dev.merc.schema.DatabaseConfig;
import dev.merc.transforms.ArchiveSettings;
import dev.merc.transforms.ExtractSamples;
import dev.merc.transforms.FileGroups;
import dev.merc.transforms.MatchSamples;
import dev.merc.transforms.PublishResults;
import dev.merc.transforms.SampleFile;
import dev.merc.transforms.WatchSamples;
import dev.merc.transforms.WriteJsonLines;
import dev.merc.transforms.WriteToDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
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
  public static MercResult run(MercOptions options) {
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
    OptionChecks.spoolLocation(options, archives);
    Path labels = OptionChecks.labels(options);
    OptionChecks.jsonOutput(options);
    OptionChecks.archivePasswords(options, archives);
    OptionChecks.reachable(database);
    OptionChecks.writable(database);
    if (options.getInitSchema()) {
      OptionChecks.migrate(database);
    }
    if (labels != null) {
      OptionChecks.loadLabels(database, labels);
    }
    String runId = newRunId();
    // A queue consumer may be handed archives at any time: it always has a spool of its own.
    RunSpool spool = archives.isEmpty() && modes.queue() == null
        ? null : OptionChecks.spool(options, runId);
    try {
      return new MercResult(
          build(options, patterns, archives, database, modes, runId, spool).run(), spool);
    } catch (RuntimeException e) {
      if (spool != null) {
        try {
          spool.delete();
        } catch (IOException cleanup) {
          e.addSuppressed(cleanup);
        }
      }
      throw e;
    }
  }

  /** Names this run's files (JSON Lines, spool folder): sortable by start time (UTC), unique. */
  static String newRunId() {
    String started = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC)
        .format(Instant.now());
    return started + "-" + HexFormat.of().toHexDigits((short) new SecureRandom().nextInt());
  }

  static Pipeline build(MercOptions options, List<String> patterns, List<String> archives,
      DatabaseConfig database, Modes modes, String runId, RunSpool spool) {
    Pipeline pipeline = Pipeline.create(options);
    ExtractSamples.Settings settings =
        new ExtractSamples.Settings(
            options.getMaxSampleBytes(),
            options.getSkipKnown() ? database : null,
            new ExtractionSettings(options.getMinStringLength(), options.getMaxStrings(),
                options.getMaxStringBytes(), options.getMetadataOnly()),
            options.getSampleTimeoutSeconds(),
            fileGroups(options));
    if (modes.queue() != null) {
      return QueuePipeline.build(pipeline, settings, database, options, modes,
          archiveSettings(options, database, spool));
    }
    PCollection<SampleFile> files =
        modes.watch() == null
            ? pipeline.apply("MatchSamples", new MatchSamples(patterns)
                .withArchives(archives, archiveSettings(options, database, spool))
                .withListedDigests(options.getSkipKnown() && options.getSkipKnownByMd5()))
            : pipeline.apply("WatchSamples", new WatchSamples(patterns, modes.watch()))
                .apply("WindowByPollTime", CommitSignals.<SampleFile>byReadTime());
    PCollectionTuple extracted = files.apply("ExtractSamples", new ExtractSamples(settings));
    PCollection<Void> committed = extracted.apply(
        "WriteToDatabase", new WriteToDatabase(database, options.getJdbcBatchSize(),
            settings.extraction().storedVersion()));
    if (modes.resultStream() != null) {
      // A batch run publishes beside the write: its one global window would make Wait.on hold
      // every summary until the whole run is committed (in memory, on the DirectRunner).
      publish(extracted, modes,
          modes.watch() == null ? null : CommitSignals.of(committed, files));
    }
    if (!options.getJsonOutput().isEmpty()) {
      extracted
          .get(ExtractSamples.RECORDS)
          .apply("WriteJsonLines", new WriteJsonLines(options.getJsonOutput(), runId));
    }
    return pipeline;
  }

  /**
   * On the DirectRunner every group in flight holds its records in memory until they are written,
   * so it gets few groups, two per thread; distributed runners stream records through their
   * writers and want many groups, so that every slot has work.
   */
  static FileGroups fileGroups(MercOptions options) {
    if (options.getFilesPerGroup() > 0) {
      return FileGroups.ofSize(options.getFilesPerGroup());
    }
    return OptionChecks.isDirectRunner(options)
        ? FileGroups.ofCount(2 * options.as(DirectOptions.class).getTargetParallelism())
        : FileGroups.ofSize(64);
  }

  /** Archives spool into the run's folder (see {@link RunSpool}); null when there are none. */
  static ArchiveSettings archiveSettings(MercOptions options, DatabaseConfig database,
      RunSpool spool) {
    return spool == null ? null : new ArchiveSettings(options.getArchivePassword(),
        options.getArchiveEntryGlob(), options.getMaxSampleBytes(), spool.folder(), database);
  }

  /** Spools under the pipeline's temp location when one is set, else the JVM's temp folder. */
  static String spoolRoot(MercOptions options) {
    String root = options.getTempLocation();
    return root == null || root.isEmpty() ? System.getProperty("java.io.tmpdir") : root;
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
