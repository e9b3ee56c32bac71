package dev.merc.schema;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * One connection pool per database and role for the whole JVM, shared by every DoFn instance on a
 * worker, so that a runner with many threads still opens a bounded number of connections.
 *
 * <p>SQLite allows one writer at a time: its write pool holds a single connection, so writers in
 * this JVM queue for it instead of failing with SQLITE_BUSY, while WAL lets readers run beside it.
 * The busy timeout covers writers in other processes.
 */
public final class DataSources {

  private enum Role { WRITE, READ }

  private record Key(DatabaseConfig config, Role role) {}

  private static final Map<Key, HikariDataSource> POOLS = new ConcurrentHashMap<>();

  private DataSources() {}

  public static DataSource writer(DatabaseConfig config) {
    return POOLS.computeIfAbsent(new Key(config, Role.WRITE), DataSources::open);
  }

  public static DataSource reader(DatabaseConfig config) {
    return POOLS.computeIfAbsent(new Key(config, Role.READ), DataSources::open);
  }

  /** Closes the pools of one database, before it is dropped or its file is moved. */
  public static void close(DatabaseConfig config) {
    for (Role role : Role.values()) {
      HikariDataSource pool = POOLS.remove(new Key(config, role));
      if (pool != null) {
        pool.close();
      }
    }
  }

  /** Closes every pool, which also checkpoints SQLite's WAL into the database file. */
  public static void closeAll() {
    POOLS.values().forEach(HikariDataSource::close);
    POOLS.clear();
  }

  private static HikariDataSource open(Key key) {
    DatabaseConfig config = key.config();
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.jdbcUrl());
    // Named, not looked up in DriverManager: on a Flink TaskManager each job has its own class
    // loader, and DriverManager refuses a driver registered by an earlier job's loader.
    hikari.setDriverClassName(
        config.dialect() == Dialect.SQLITE ? "org.sqlite.JDBC" : "org.postgresql.Driver");
    hikari.setUsername(config.username());
    hikari.setPassword(config.password());
    hikari.setPoolName("merc-" + key.role().name().toLowerCase());
    // A writer may wait for SQLite's single connection behind a long batch; that is not an error.
    hikari.setConnectionTimeout(120_000);
    hikari.setInitializationFailTimeout(-1);
    if (config.dialect() == Dialect.SQLITE) {
      hikari.setMaximumPoolSize(key.role() == Role.WRITE ? 1 : 4);
      hikari.addDataSourceProperty("journal_mode", "WAL");
      hikari.addDataSourceProperty("busy_timeout", "60000");
      hikari.addDataSourceProperty("foreign_keys", "true");
      // Take the write lock when the transaction starts: no read-to-write upgrade can deadlock.
      hikari.addDataSourceProperty("transaction_mode", "IMMEDIATE");
    } else {
      hikari.setMaximumPoolSize(config.maxConnections());
      hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
      // Lets JSON text parameters land in jsonb columns without a cast in the shared SQL.
      hikari.addDataSourceProperty("stringtype", "unspecified");
      hikari.addDataSourceProperty("ApplicationName", "merc");
    }
    return new HikariDataSource(hikari);
  }
}
