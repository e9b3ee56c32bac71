package dev.merc.runners.flink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Test inputs made from the committed demo PE files, and a timestamp-free dump of the tables. */
final class DemoSamples {

  private DemoSamples() {}

  /**
   * Copies the demo PE files into dir, each also a second time with a few appended bytes (an
   * overlay, so a new sha256 with the same PE structure), plus one text file. Returns the count.
   */
  static int write(Path dir) throws IOException {
    Path demo = demo();
    int n = 0;
    try (Stream<Path> files = Files.list(demo)) {
      for (Path f : files.filter(p -> p.toString().matches(".*\\.(exe|dll)$")).sorted().toList()) {
        Path copy = dir.resolve(f.getFileName());
        Files.copy(f, copy);
        Path extended = Files.createDirectories(dir.resolve("overlay")).resolve(f.getFileName());
        Files.copy(f, extended);
        Files.write(extended, ("merc " + f.getFileName()).getBytes(), StandardOpenOption.APPEND);
        n += 2;
      }
    }
    Files.writeString(dir.resolve("notes.txt"), "plain text, not a PE\n");
    return n + 1;
  }

  static Path demo() {
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("demo/hello64.exe"))) {
        return p.resolve("demo");
      }
    }
    throw new IllegalStateException("demo/ not found");
  }

  private static final Set<String> TIMESTAMPS = Set.of("first_seen", "updated_at", "failed_at");

  /** Every row of Merc's tables in key order, without the columns that record when. */
  static List<String> dump(String url, String user) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url, user, null);
        Statement s = c.createStatement()) {
      for (String[] t : new String[][] {
          {"samples", "sha256"}, {"sample_paths", "sha256, path"}, {"failures", "path"}}) {
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + t[0] + " ORDER BY " + t[1])) {
          ResultSetMetaData md = rs.getMetaData();
          while (rs.next()) {
            StringBuilder row = new StringBuilder(t[0]);
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
}
