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

/**
 * Checks the options before anything runs, so that a mistake costs one clear line that names the
 * option instead of a stack trace from a worker.
 */
final class OptionChecks {

  private OptionChecks() {}

  /** Returns the input's match patterns; throws {@link InvalidOptionException}. */
  static List<String> inputPatterns(MercOptions options) {
    FileSystems.setDefaultPipelineOptions(options);
    List<String> patterns;
    try {
      patterns = InputPatterns.expand(options.getInput());
    } catch (RuntimeException e) {
      throw new InvalidOptionException("input", e.getMessage(), e);
    }
    if (patterns.isEmpty()) {
      throw new InvalidOptionException("input", "names no file, directory or glob");
    }
    List<String> unmatched = InputPatterns.unmatched(patterns);
    if (!unmatched.isEmpty()) {
      throw new InvalidOptionException("input", "no file matches " + String.join(", ", unmatched));
    }
    return patterns;
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
