package dev.merc.pipeline;

import dev.merc.core.extract.SampleBytes;
import dev.merc.schema.DatabaseConfig;
import dev.merc.schema.Dialect;
import dev.merc.transforms.InputPatterns;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;

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
    atLeast("filesPerGroup", options.getFilesPerGroup(), 1);
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

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }
}
