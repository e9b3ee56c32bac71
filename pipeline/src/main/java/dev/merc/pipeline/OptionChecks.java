package dev.merc.pipeline;

import dev.merc.core.archive.ArchiveException;
import dev.merc.core.archive.ArchiveFormat;
import dev.merc.core.archive.ArchiveReader;
import dev.merc.core.archive.EntrySelector;
import dev.merc.core.extract.SampleBytes;
import dev.merc.schema.DatabaseConfig;
import dev.merc.schema.Dialect;
import dev.merc.schema.Migrations;
import dev.merc.transforms.InputPatterns;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Checks the options before anything runs, so that a mistake costs one clear line that names the
 * option instead of a stack trace from a worker.
 */
final class OptionChecks {

  private OptionChecks() {}

  /**
   * Returns the input's match patterns; throws {@link InvalidOptionException}. When watching, a
   * folder that exists may still be empty: files are to arrive in it.
   */
  static List<String> inputPatterns(MercOptions options, boolean watching) {
    FileSystems.setDefaultPipelineOptions(options);
    List<String> patterns;
    try {
      patterns = InputPatterns.expand(options.getInput());
    } catch (RuntimeException e) {
      throw new InvalidOptionException("input", e.getMessage(), e);
    }
    List<String> archives = InputPatterns.archives(options.getInput());
    if (patterns.isEmpty() && archives.isEmpty()) {
      throw new InvalidOptionException("input", "names no file, directory or glob");
    }
    List<String> unmatched = new java.util.ArrayList<>(InputPatterns.unmatched(patterns));
    if (watching) {
      unmatched.removeIf(OptionChecks::isFolder);
    }
    unmatched.addAll(InputPatterns.unmatched(archives));
    if (!unmatched.isEmpty()) {
      throw new InvalidOptionException("input", "no file matches " + String.join(", ", unmatched));
    }
    return patterns;
  }

  /** A pattern that names all files under a folder that exists ({@code DIR/**}). */
  private static boolean isFolder(String pattern) {
    if (!pattern.endsWith("/**")) {
      return false;
    }
    try {
      MatchResult folder = FileSystems.match(List.of(pattern.substring(0, pattern.length() - 3)))
          .get(0);
      return folder.status() == MatchResult.Status.OK && folder.metadata().size() == 1
          && folder.metadata().get(0).resourceId().isDirectory();
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The archives named in --input (.7z, .zip), already checked to exist by inputPatterns; none in
   * queue mode, which still checks the entry glob for the archives it is sent.
   */
  static List<String> archives(MercOptions options) {
    if (options.getArchiveEntryGlob().isBlank()) {
      throw new InvalidOptionException("archiveEntryGlob", "must not be empty (** selects all)");
    }
    return options.getInput() == null ? List.of() : InputPatterns.archives(options.getInput());
  }

  /**
   * Archive entries are spooled to files that other workers read: off the DirectRunner, that
   * needs a --tempLocation every worker can see, not each worker's own temp folder.
   */
  static void spoolLocation(MercOptions options, List<String> archives) {
    String temp = options.getTempLocation();
    if (!archives.isEmpty() && !isDirectRunner(options) && (temp == null || temp.isBlank())) {
      throw new InvalidOptionException("tempLocation", "must be given to read archives on "
          + options.getRunner().getSimpleName() + ": their entries are spooled there, so it must"
          + " be a folder every worker can see (a shared filesystem or gs://...)");
    }
  }

  /**
   * Opens each local archive and reads its first selected entry's first bytes, so that a wrong or
   * missing password stops Merc before the run. Other faults (corrupt, truncated) are left to the
   * run, which records them as the archive's failures row; so are archives on other filesystems.
   */
  static void archivePasswords(MercOptions options, List<String> archives) {
    EntrySelector selector = new EntrySelector(options.getArchiveEntryGlob());
    for (String pattern : archives) {
      List<MatchResult.Metadata> matched;
      try {
        matched = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW).metadata();
      } catch (java.io.IOException e) {
        continue;
      }
      for (MatchResult.Metadata archive : matched) {
        ResourceId id = archive.resourceId();
        if (id.isDirectory() || !"file".equals(id.getScheme())) {
          continue;
        }
        String name = id.toString();
        try (FileChannel channel = FileChannel.open(java.nio.file.Paths.get(name))) {
          ArchiveReader.probe(ArchiveFormat.of(name).orElseThrow(), channel, name,
              options.getArchivePassword(), selector);
        } catch (ArchiveException e) {
          if (PASSWORD_FAULTS.contains(e.reason())) {
            throw new InvalidOptionException("archivePassword", oneLine(e.getMessage()), e);
          }
        } catch (java.io.IOException | RuntimeException e) {
          // Not a password problem: the run gives the archive its failures row.
        }
      }
    }
  }

  private static final java.util.Set<ArchiveException.Reason> PASSWORD_FAULTS =
      java.util.EnumSet.of(ArchiveException.Reason.PASSWORD_REQUIRED,
          ArchiveException.Reason.WRONG_PASSWORD, ArchiveException.Reason.WRONG_PASSWORD_OR_CORRUPT);

  static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** The label CSV, if any: it must be a readable file. */
  static java.nio.file.Path labels(MercOptions options) {
    if (options.getLabelsCsv().isEmpty()) {
      return null;
    }
    java.nio.file.Path csv = java.nio.file.Paths.get(options.getLabelsCsv());
    if (!java.nio.file.Files.isReadable(csv) || java.nio.file.Files.isDirectory(csv)) {
      throw new InvalidOptionException("labelsCsv", "cannot read " + csv);
    }
    return csv;
  }

  /** Loads the label CSV; a file that is not the dataset's format names --labelsCsv. */
  static void loadLabels(DatabaseConfig database, java.nio.file.Path csv) {
    try {
      dev.merc.schema.Labels.load(database, csv);
    } catch (java.io.IOException | SQLException | IllegalArgumentException e) {
      throw new InvalidOptionException("labelsCsv", csv + ": " + rootMessage(e), e);
    }
  }

  static void limits(MercOptions options) {
    atLeast("maxSampleBytes", options.getMaxSampleBytes(), 1);
    if (options.getMaxSampleBytes() > SampleBytes.MAX_CAP) {
      throw new InvalidOptionException(
          "maxSampleBytes",
          "must be at most " + SampleBytes.MAX_CAP + ", got " + options.getMaxSampleBytes());
    }
    atLeast("minStringLength", options.getMinStringLength(), 1);
    atLeast("maxStrings", options.getMaxStrings(), 0);
    atLeast("maxStringBytes", options.getMaxStringBytes(), 0);
    atLeast("sampleTimeoutSeconds", options.getSampleTimeoutSeconds(), 1);
    atLeast("filesPerGroup", options.getFilesPerGroup(), 0);
    atLeast("jdbcPoolSize", options.getJdbcPoolSize(), 1);
    atLeast("jdbcBatchSize", options.getJdbcBatchSize(), 1);
  }

  private static void atLeast(String option, long value, long min) {
    if (value < min) {
      throw new InvalidOptionException(option, "must be at least " + min + ", got " + value);
    }
  }

  static DatabaseConfig database(MercOptions options) {
    try {
      Dialect.of(options.getJdbcUrl());
    } catch (IllegalArgumentException e) {
      throw new InvalidOptionException("jdbcUrl", e.getMessage());
    }
    return new DatabaseConfig(
        options.getJdbcUrl(),
        options.getJdbcUsername(),
        options.getJdbcPassword(),
        options.getJdbcPoolSize());
  }

  /**
   * Creates or migrates the schema. A database that refuses (a read-only SQLite file, a Postgres
   * user without CREATE) costs one line naming --jdbcUrl, not Flyway's stack trace.
   */
  static void migrate(DatabaseConfig database) {
    try {
      Migrations.migrate(database);
    } catch (RuntimeException e) {
      throw new InvalidOptionException("jdbcUrl", "cannot create or migrate the schema in "
          + database.jdbcUrl() + ": " + oneLine(rootMessage(e))
          + " (with --initSchema=false Merc uses a current schema as it is)", e);
    }
  }

  /** A local --jsonOutput must be a directory Merc can write to, made now if it is missing. */
  static void jsonOutput(MercOptions options) {
    String dir = options.getJsonOutput();
    Path local = dir.isEmpty() ? null : RunSpool.localPath(dir);
    if (local == null) {
      return; // none, or an object store, where TextIO reports its own errors
    }
    if (Files.exists(local) && !Files.isDirectory(local)) {
      throw new InvalidOptionException("jsonOutput", local + " is not a directory");
    }
    try {
      Files.createDirectories(local);
      Files.delete(Files.createTempFile(local, ".merc-write-check", ""));
    } catch (java.io.IOException | RuntimeException e) {
      throw new InvalidOptionException("jsonOutput",
          "cannot write to the directory " + local + ": " + oneLine(rootMessage(e)), e);
    }
  }

  /** Opens one connection now, so that an unreachable database fails before any file is read. */
  static void reachable(DatabaseConfig database) {
    DriverManager.setLoginTimeout(10);
    try (Connection c =
        DriverManager.getConnection(
            database.jdbcUrl(), database.username(), database.password())) {
      c.isValid(10);
    } catch (SQLException | RuntimeException e) {
      throw new InvalidOptionException(
          "jdbcUrl", "cannot connect to " + database.jdbcUrl() + ": " + rootMessage(e), e);
    }
  }

  /** Makes the run's spool folder for its archives; see {@link RunSpool}. */
  static RunSpool spool(MercOptions options, String runId) {
    String root = MercPipeline.spoolRoot(options);
    try {
      return RunSpool.open(root, runId, isDirectRunner(options));
    } catch (java.io.IOException | RuntimeException e) {
      throw new InvalidOptionException("tempLocation",
          "cannot make the archive spool folder under " + root + ": " + rootMessage(e), e);
    }
  }

  static boolean isDirectRunner(MercOptions options) {
    return options.getRunner().getSimpleName().equals("DirectRunner");
  }

  /**
   * A SQLite file Merc cannot write (read-only, or opened so) fails here at once: through the
   * write pool it would fail only after the pool's long wait for its one connection.
   */
  static void writable(DatabaseConfig database) {
    if (database.dialect() != Dialect.SQLITE) {
      return; // Postgres refuses a write at once; the migration reports it
    }
    java.util.Properties pragmas = new java.util.Properties();
    pragmas.setProperty("journal_mode", "WAL");
    try (Connection c = DriverManager.getConnection(database.jdbcUrl(), pragmas);
        java.sql.Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute("CREATE TABLE merc_write_check (x INTEGER)");
      c.rollback();
    } catch (SQLException | RuntimeException e) {
      throw new InvalidOptionException(
          "jdbcUrl", "cannot write to " + database.jdbcUrl() + ": " + oneLine(rootMessage(e)), e);
    }
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
