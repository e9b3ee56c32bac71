package dev.merc.schema;

import static org.junit.Assert.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.Test;

/**
 * V5 moves the strings of samples stored by earlier versions out of the record-shaped JSON: the
 * items must come back unchanged through sample_strings, and the Postgres keys must be the new
 * merc_string_key of every distinct value.
 */
public class CompactStringsMigrationTest {

  private static final String OLD_STRINGS = "{\"min_length\": 4, \"ascii_count\": 3,"
      + " \"utf16_count\": 1, \"truncated\": true, \"items\": ["
      + "{\"offset\": 2, \"encoding\": \"ascii\", \"value\": \"say \\\"hi\\\"\", \"tags\": []},"
      + "{\"offset\": 40, \"encoding\": \"ascii\", \"value\": \"http://a.example.com\","
      + " \"tags\": [\"url\", \"domain\"]},"
      + "{\"offset\": 90, \"encoding\": \"ascii\", \"value\": \"say \\\"hi\\\"\", \"tags\": []},"
      + "{\"offset\": 64, \"encoding\": \"utf16le\", \"value\": \"C:\\\\x\\ty\", \"tags\": [\"path\"]}]}";

  @Test
  public void sqlite() throws Exception {
    try (TestDatabases.TestDatabase db = TestDatabases.sqlite()) {
      check(db.config());
    }
  }

  @Test
  public void postgres() throws Exception {
    try (TestDatabases.TestDatabase db = TestDatabases.postgres()) {
      check(db.config());
    }
  }

  private static void check(DatabaseConfig config) throws SQLException {
    DataSource ds = DataSources.writer(config);
    flyway(ds, config).target("4").load().migrate();
    String strings = config.dialect() == Dialect.POSTGRESQL ? "'" + OLD_STRINGS + "'::jsonb"
        : "'" + OLD_STRINGS + "'";
    execute(ds, "INSERT INTO samples (sha256, sha1, md5, size, entropy, extractor_version, strings)"
        + " VALUES ('" + "ab".repeat(32) + "', 's1', 'm5', 100, 1.5, 2, " + strings + ")");
    flyway(ds, config).load().migrate();

    assertEquals(List.of("2|ascii|say \"hi\"|", "40|ascii|http://a.example.com|url,domain",
            "90|ascii|say \"hi\"|", "64|utf16le|C:\\x\ty|path"),
        rows(ds, "SELECT \"offset\", encoding, value, tags FROM sample_strings"
            + " ORDER BY CASE encoding WHEN 'ascii' THEN 0 ELSE 1 END, \"offset\""));
    assertEquals(List.of("4|3|1|true"), rows(ds, "SELECT string_min_length, string_ascii_count,"
        + " string_utf16_count, CASE WHEN strings_truncated THEN 'true' ELSE 'false' END"
        + " FROM samples"));
    if (config.dialect() == Dialect.POSTGRESQL) {
      List<String> keys = new ArrayList<>();
      for (String v : List.of("say \"hi\"", "http://a.example.com", "C:\\x\ty")) {
        keys.add(String.valueOf(StringKeys.key(v)));
      }
      keys.sort(null);
      assertEquals(List.of(String.join(",", keys)), rows(ds, "SELECT array_to_string(ARRAY("
          + "SELECT k::text FROM unnest(string_keys) k ORDER BY 1), ',') FROM samples"));
    }
  }

  private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(
      DataSource ds, DatabaseConfig config) {
    return Flyway.configure().dataSource(ds).locations(config.dialect().migrationLocation());
  }

  private static void execute(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Each row's columns joined with '|', tags without their JSON punctuation. */
  private static List<String> rows(DataSource ds, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder line = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          String v = rs.getString(i);
          line.append(i > 1 ? "|" : "").append(i == 4 && n == 4 && v.startsWith("[")
              ? v.replaceAll("[\\[\\]\" ]", "") : v);
        }
        out.add(line.toString());
      }
    }
    return out;
  }
}
