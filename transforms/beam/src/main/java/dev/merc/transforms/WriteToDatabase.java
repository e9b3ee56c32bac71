package dev.merc.transforms;

import dev.merc.core.extract.SampleExtractor;
import dev.merc.core.record.Failure;
import dev.merc.core.record.SamplePath;
import dev.merc.core.record.SampleRecord;
import dev.merc.schema.DataSources;
import dev.merc.schema.DatabaseConfig;
import dev.merc.schema.Dialect;
import dev.merc.schema.SampleRows;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * Writes what {@link ExtractSamples} produced through JdbcIO: sample rows (with their path, in one
 * statement), the paths of known samples, and failures. Every statement is an upsert, because
 * runners retry bundles and users rerun inputs.
 *
 * <p>Its output is the commit signal: empty, but in each window its watermark passes only once
 * every row of that window is committed, so {@code Wait.on(committed)} orders work after the commit
 * (the work queue's acknowledgement).
 */
public class WriteToDatabase extends PTransform<PCollectionTuple, PCollection<Void>> {

  private final DatabaseConfig database;
  private final int batchSize;
  private final int storedVersion;

  public WriteToDatabase(DatabaseConfig database, int batchSize) {
    this(database, batchSize, SampleExtractor.VERSION);
  }

  /** @param storedVersion the extractor version the records are stored with */
  public WriteToDatabase(DatabaseConfig database, int batchSize, int storedVersion) {
    this.database = database;
    this.batchSize = batchSize;
    this.storedVersion = storedVersion;
  }

  @Override
  public PCollection<Void> expand(PCollectionTuple extracted) {
    SerializableFunction<Void, DataSource> writer = new WriterFn(database);
    Dialect dialect = database.dialect();
    int version = storedVersion;
    PCollection<SampleRecord> records = extracted.get(ExtractSamples.RECORDS);
    PCollection<Void> samples = records
        .apply(
            "WriteSamples",
            sharded(records, JdbcIO.<SampleRecord>write()
                .withDataSourceProviderFn(writer)
                .withStatement(SampleRows.insertSample(dialect))
                .withRetryStrategy(new RetryConflicts())
                .withPreparedStatementSetter((r, s) -> SampleRows.bindSample(r, s, dialect, version))
                .withBatchSize(batchSize)
                .withResults()));
    PCollection<SamplePath> known = extracted.get(ExtractSamples.KNOWN);
    PCollection<Void> paths = known
        .apply(
            "WriteKnownPaths",
            sharded(known, JdbcIO.<SamplePath>write()
                .withDataSourceProviderFn(writer)
                .withStatement(SampleRows.INGEST_PATH)
                .withRetryStrategy(new RetryConflicts())
                .withPreparedStatementSetter(SampleRows::bindPath)
                .withBatchSize(batchSize)
                .withResults()));
    PCollection<Failure> failed = extracted.get(ExtractSamples.FAILURES);
    PCollection<Void> failures = failed
        .apply(
            "WriteFailures",
            sharded(failed, JdbcIO.<Failure>write()
                .withDataSourceProviderFn(writer)
                .withStatement(SampleRows.UPSERT_FAILURE)
                .withRetryStrategy(new RetryConflicts())
                .withPreparedStatementSetter(SampleRows::bindFailure)
                .withBatchSize(batchSize)
                .withResults()));
    return PCollectionList.of(samples).and(paths).and(failures)
        .apply("Committed", Flatten.pCollections());
  }

  /**
   * Retries a batch that lost a serialization conflict (40001, JdbcIO's default) or a deadlock
   * (40P01): parallel batches upserting the same sha256 (one sample at two paths) can lock each
   * other's rows in opposite orders, and Postgres then aborts one of them. Every statement is an
   * upsert, so running the batch again is safe.
   */
  static class RetryConflicts implements JdbcIO.RetryStrategy {
    static final String SERIALIZATION_FAILURE = "40001";
    static final String DEADLOCK_DETECTED = "40P01";

    @Override
    public boolean apply(SQLException e) {
      // A failed batch may carry the statement's own error in its chain rather than on itself.
      Throwable t = e;
      for (int depth = 0; t != null && depth < 32; depth++, t = next(t)) {
        if (t instanceof SQLException sql && (SERIALIZATION_FAILURE.equals(sql.getSQLState())
            || DEADLOCK_DETECTED.equals(sql.getSQLState()))) {
          return true;
        }
      }
      return false;
    }

    private static Throwable next(Throwable t) {
      if (t instanceof SQLException sql && sql.getNextException() != null) {
        return sql.getNextException();
      }
      return t.getCause() == t ? null : t.getCause();
    }
  }

  /**
   * For unbounded input (the work queue, --watch) JdbcIO batches with GroupIntoBatches under one
   * constant key, which would put every write of the job on one worker (one Flink subtask);
   * auto-sharding spreads that key over the workers. Bounded input batches per bundle already.
   */
  private static <T> JdbcIO.WriteVoid<T> sharded(PCollection<T> input, JdbcIO.WriteVoid<T> write) {
    return input.isBounded() == PCollection.IsBounded.UNBOUNDED ? write.withAutoSharding() : write;
  }

  /** Hands JdbcIO the JVM's shared write pool instead of a pool per DoFn instance. */
  static class WriterFn implements SerializableFunction<Void, DataSource> {
    private final DatabaseConfig database;

    WriterFn(DatabaseConfig database) {
      this.database = database;
    }

    @Override
    public DataSource apply(Void input) {
      return DataSources.writer(database);
    }
  }
}
