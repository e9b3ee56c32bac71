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
    if (options.getMaxSampleBytes() < 1 || options.getMaxSampleBytes() > SampleBytes.MAX_CAP) {
      throw new InvalidOptionException(
          "maxSampleBytes",
          "must be between 1 and " + SampleBytes.MAX_CAP + ", got " + options.getMaxSampleBytes());
    }
    if (options.getJdbcPoolSize() < 1) {
      throw new InvalidOptionException(
          "jdbcPoolSize", "must be at least 1, got " + options.getJdbcPoolSize());
    }
    if (options.getShuffleBuckets() < 1) {
      throw new InvalidOptionException(
          "shuffleBuckets", "must be at least 1, got " + options.getShuffleBuckets());
    }
    if (options.getJdbcBatchSize() < 1) {
      throw new InvalidOptionException(
          "jdbcBatchSize", "must be at least 1, got " + options.getJdbcBatchSize());
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
