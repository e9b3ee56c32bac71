package dev.merc.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Runs Merc's main in-process and reads back what it printed and stored. */
final class MercRun {

  final int exitCode;
  final String stderr;

  private MercRun(int exitCode, String stderr) {
    this.exitCode = exitCode;
    this.stderr = stderr;
  }

  static MercRun of(String... args) throws InterruptedException {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = MercMain.execute(args, new PrintStream(err, true, StandardCharsets.UTF_8));
    return new MercRun(code, err.toString(StandardCharsets.UTF_8));
  }

  /** What the loader command printed, and its exit code. */
  record Loaded(int exitCode, String stderr) {}

  static Loaded load(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = QueueLoader.execute(args, new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Loaded(code, err.toString(StandardCharsets.UTF_8));
  }

  String summary() {
    for (String line : stderr.split("\n")) {
      if (line.startsWith("merc: files ")) {
        return line;
      }
    }
    throw new AssertionError("no summary line in:\n" + stderr);
  }

  private static final Set<String> TIMESTAMPS = Set.of("first_seen", "updated_at", "failed_at");

  /** Every row of Merc's tables, in key order, without the columns that record when. */
  static List<String> dump(String url, String user) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url, user, null);
        Statement s = c.createStatement()) {
      for (String table : List.of("samples", "sample_paths", "failures")) {
        String order = table.equals("failures") ? "path" : table.equals("samples") ? "sha256" : "sha256, path";
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY " + order)) {
          ResultSetMetaData md = rs.getMetaData();
          while (rs.next()) {
            StringBuilder row = new StringBuilder(table);
            for (int i = 1; i <= md.getColumnCount(); i++) {
              if (!TIMESTAMPS.contains(md.getColumnName(i))) {
                row.append('|').append(md.getColumnName(i)).append('=').append(rs.getString(i));
              }
            }
            rows.add(row.toString());
          }
        }
      }
    }
    return rows;
  }

  static long count(String url, String user, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, null);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
