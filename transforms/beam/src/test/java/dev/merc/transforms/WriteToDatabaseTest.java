package dev.merc.transforms;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.Test;

/** Which database errors make JdbcIO run a batch again. */
public class WriteToDatabaseTest {

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
