package dev.merc.transforms;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.merc.core.record.Failure;
import dev.merc.core.record.SamplePath;
import dev.merc.core.record.SampleRecord;
import dev.merc.schema.DatabaseConfig;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupIntoBatches;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.Test;

/**
 * The shape of the database write: for unbounded input JdbcIO batches under one constant key, so
 * each of the three writes must be auto-sharded there, or one worker does all the writing; and
 * which database errors make JdbcIO run a batch again.
 */
public class WriteToDatabaseTest {

  private static final DatabaseConfig DB =
      new DatabaseConfig("jdbc:sqlite:unused.db", null, null, 1);

  @Test
  public void unboundedWritesAreShardedAndBoundedOnesAreNot() {
    assertEquals(List.of("WriteSamples", "WriteKnownPaths", "WriteFailures"),
        shardedWrites(true));
    assertEquals(List.of(), shardedWrites(false));
  }

  /** The writes whose batching groups by sharded key, for an unbounded or a bounded input. */
  private static List<String> shardedWrites(boolean unbounded) {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollectionTuple extracted =
        PCollectionTuple.of(ExtractSamples.RECORDS, empty(p, unbounded, SampleRecord.class))
            .and(ExtractSamples.KNOWN, empty(p, unbounded, SamplePath.class))
            .and(ExtractSamples.FAILURES, empty(p, unbounded, Failure.class));
    extracted.apply("WriteToDatabase", new WriteToDatabase(DB, 100));
    List<String> sharded = new ArrayList<>();
    p.traverseTopologically(new Pipeline.PipelineVisitor.Defaults() {
      @Override
      public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
        if (node.getTransform() instanceof GroupIntoBatches<?, ?>.WithShardedKey) {
          // WriteToDatabase/WriteSamples/... : the write it belongs to.
          sharded.add(node.getFullName().split("/")[1]);
        }
        return CompositeBehavior.ENTER_TRANSFORM;
      }
    });
    return sharded;
  }

  private static <T> PCollection<T> empty(Pipeline p, boolean unbounded, Class<T> type) {
    String name = type.getSimpleName();
    if (!unbounded) {
      return p.apply("Create" + name, Create.empty(JsonCoder.of(type)));
    }
    return PBegin.in(p)
        .apply("Tick" + name, GenerateSequence.from(0))
        .apply("As" + name, ParDo.of(new DoFn<Long, T>() {
          @ProcessElement
          public void process() {}
        }))
        .setCoder(JsonCoder.of(type));
  }

  private final WriteToDatabase.RetryConflicts retry = new WriteToDatabase.RetryConflicts();

  @Test
  public void deadlocksAndSerializationFailuresAreRetried() {
    assertTrue(retry.apply(new SQLException("deadlock detected", "40P01")));
    assertTrue(retry.apply(new SQLException("could not serialize access", "40001")));
  }

  @Test
  public void otherErrorsAreNot() {
    assertFalse(retry.apply(new SQLException("duplicate key", "23505")));
    assertFalse(retry.apply(new SQLException("permission denied", "42501")));
    assertFalse(retry.apply(new SQLException("no state")));
    assertFalse("SQLite's busy has no SQL state", retry.apply(new SQLException("[SQLITE_BUSY]")));
  }

  @Test
  public void aBatchWhoseStatementDeadlockedIsRetried() {
    // pgjdbc reports a failed batch entry as a BatchUpdateException with the cause chained.
    BatchUpdateException batch = new BatchUpdateException("Batch entry 3 was aborted", null,
        0, new int[0]);
    batch.setNextException(new SQLException("deadlock detected", "40P01"));
    assertTrue(retry.apply(batch));
    SQLException wrapped = new SQLException("batch failed", null,
        new SQLException("deadlock detected", "40P01"));
    assertTrue(retry.apply(wrapped));
    BatchUpdateException other = new BatchUpdateException("Batch entry 3 was aborted", null,
        0, new int[0]);
    other.setNextException(new SQLException("value too long", "22001"));
    assertFalse(retry.apply(other));
  }
}
