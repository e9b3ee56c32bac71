package dev.merc.schema;

import java.io.Serializable;

/**
 * Where the records go. Serializable because DoFns on the workers carry it and open their own pools.
 *
 * @param maxConnections the pool size per worker JVM, for Postgres; SQLite always has one writer
 */
public record DatabaseConfig(String jdbcUrl, String username, String password, int maxConnections)
    implements Serializable {

  public DatabaseConfig {
    Dialect.of(jdbcUrl);
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
    }
  }

  public Dialect dialect() {
    return Dialect.of(jdbcUrl);
  }

  @Override
  public String toString() {
    return "DatabaseConfig[" + jdbcUrl + ", user=" + username + "]";
  }
}
