package dev.merc.schema;

import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Throwaway databases for tests: a fresh Postgres database on the machine's server (dropped
 * afterwards), or a SQLite file in a temp folder. Without a reachable Postgres, tests skip with a
 * message, except under CI=true, where a missing service fails the run.
 */
public final class TestDatabases {

  public static final String POSTGRES_HOST =
      System.getenv().getOrDefault("MERC_TEST_PGHOST", "127.0.0.1:5432");
  private static final String ADMIN_URL = "jdbc:postgresql://" + POSTGRES_HOST + "/postgres";
  private static final String USER = System.getenv().getOrDefault("MERC_TEST_PGUSER", "postgres");

  private TestDatabases() {}

  /** A database that exists until {@link AutoCloseable#close()}. */
  public interface TestDatabase extends AutoCloseable {
    DatabaseConfig config();

    @Override
    void close();
  }

  public static TestDatabase postgres() {
    requirePostgres();
    String name = "merc_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    admin("CREATE DATABASE " + name);
    DatabaseConfig config =
        new DatabaseConfig("jdbc:postgresql://" + POSTGRES_HOST + "/" + name, USER, null, 4);
    return new TestDatabase() {
      @Override
      public DatabaseConfig config() {
        return config;
      }

      @Override
      public void close() {
        DataSources.close(config);
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    };
  }

  public static TestDatabase sqlite() throws IOException {
    Path dir = Files.createTempDirectory("merc-sqlite");
    DatabaseConfig config = new DatabaseConfig("jdbc:sqlite:" + dir.resolve("merc.db"), null, null, 1);
    return new TestDatabase() {
      @Override
      public DatabaseConfig config() {
        return config;
      }

      @Override
      public void close() {
        DataSources.close(config);
        try (var files = Files.walk(dir)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    };
  }

  /** Skips the calling test when Postgres is down, or fails it under CI. */
  public static void requirePostgres() {
    String problem = postgresProblem();
    if (problem == null) {
      return;
    }
    String message = "PostgreSQL at " + POSTGRES_HOST + " is not reachable (" + problem + ")";
    if ("true".equals(System.getenv("CI"))) {
      fail(message + "; CI=true requires it");
    }
    assumeTrue(message + ": test skipped", false);
  }

  private static String postgresProblem() {
    DriverManager.setLoginTimeout(5);
    try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, null)) {
      return null;
    } catch (SQLException e) {
      return e.getMessage();
    }
  }

  private static void admin(String sql) {
    try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, null);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
