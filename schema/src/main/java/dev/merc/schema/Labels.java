package dev.merc.schema;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Loads the PE Malware Machine Learning Dataset's label CSV ({@code samples.csv}, or
 * {@code samples-augmented.csv} with its extra {@code imphash}) into the {@code labels} table.
 * Columns are found by their header names; values may be quoted. Rows are upserted by id, so a
 * reload replaces them.
 */
public final class Labels {

  static final List<String> REQUIRED = List.of("id", "md5", "sha1", "sha256", "total",
      "positives", "list", "filetype", "submitted", "user_id", "length", "entropy");

  static final String UPSERT =
      "INSERT INTO labels (id, md5, sha1, sha256, total, positives, list, label, filetype,"
          + " submitted, user_id, length, entropy, imphash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
          + " ON CONFLICT (id) DO UPDATE SET md5 = excluded.md5, sha1 = excluded.sha1,"
          + " sha256 = excluded.sha256, total = excluded.total, positives = excluded.positives,"
          + " list = excluded.list, label = excluded.label, filetype = excluded.filetype,"
          + " submitted = excluded.submitted, user_id = excluded.user_id,"
          + " length = excluded.length, entropy = excluded.entropy, imphash = excluded.imphash";

  private static final int BATCH = 1000;

  private Labels() {}

  /** @return the number of rows loaded */
  public static long load(DatabaseConfig database, Path csv) throws IOException, SQLException {
    try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
        Connection c = DriverManager.getConnection(
            database.jdbcUrl(), database.username(), database.password())) {
      String header = in.readLine();
      if (header == null) {
        throw new IllegalArgumentException("empty file, expected a header " + REQUIRED);
      }
      Map<String, Integer> columns = columns(parse(header.replace("\uFEFF", "")));
      c.setAutoCommit(false);
      long rows = 0;
      try (PreparedStatement s = c.prepareStatement(UPSERT)) {
        String line;
        int lineNo = 1;
        while ((line = in.readLine()) != null) {
          lineNo++;
          if (line.isBlank()) {
            continue;
          }
          List<String> v = parse(line);
          bind(s, columns, v, lineNo);
          s.addBatch();
          if (++rows % BATCH == 0) {
            s.executeBatch();
          }
        }
        s.executeBatch();
      }
      c.commit();
      return rows;
    }
  }

  static Map<String, Integer> columns(List<String> header) {
    Map<String, Integer> columns = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      columns.put(header.get(i).trim().toLowerCase(Locale.ROOT), i);
    }
    for (String name : REQUIRED) {
      if (!columns.containsKey(name)) {
        throw new IllegalArgumentException("no column " + name + " in the header " + header);
      }
    }
    return columns;
  }

  /** Whitelist and Blacklist are the dataset's words for benign and malicious. */
  static String label(String list) {
    if (list == null) {
      return null;
    }
    return switch (list.trim().toLowerCase(Locale.ROOT)) {
      case "whitelist" -> "benign";
      case "blacklist" -> "malicious";
      default -> null;
    };
  }

  private static void bind(PreparedStatement s, Map<String, Integer> columns, List<String> v,
      int lineNo) throws SQLException {
    String id = value(columns, v, "id");
    if (id == null) {
      throw new IllegalArgumentException("line " + lineNo + " has no id");
    }
    s.setString(1, id);
    s.setString(2, lower(value(columns, v, "md5")));
    s.setString(3, lower(value(columns, v, "sha1")));
    s.setString(4, lower(value(columns, v, "sha256")));
    setLong(s, 5, value(columns, v, "total"));
    setLong(s, 6, value(columns, v, "positives"));
    String list = value(columns, v, "list");
    s.setString(7, list);
    s.setString(8, label(list));
    s.setString(9, value(columns, v, "filetype"));
    s.setString(10, value(columns, v, "submitted"));
    s.setString(11, value(columns, v, "user_id"));
    setLong(s, 12, value(columns, v, "length"));
    String entropy = value(columns, v, "entropy");
    Double e = number(entropy) ? Double.valueOf(entropy) : null;
    if (e == null) {
      s.setNull(13, Types.DOUBLE);
    } else {
      s.setDouble(13, e);
    }
    s.setString(14, lower(value(columns, v, "imphash")));
  }

  private static String value(Map<String, Integer> columns, List<String> v, String name) {
    Integer i = columns.get(name);
    if (i == null || i >= v.size()) {
      return null;
    }
    String value = v.get(i).trim();
    return value.isEmpty() ? null : value;
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  /** Numbers that do not parse are stored as null rather than failing the whole load. */
  private static void setLong(PreparedStatement s, int index, String value) throws SQLException {
    try {
      s.setLong(index, Long.parseLong(value));
    } catch (NumberFormatException | NullPointerException e) {
      s.setNull(index, Types.BIGINT);
    }
  }

  private static boolean number(String s) {
    if (s == null) {
      return false;
    }
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** One CSV line (RFC 4180 quoting, no line breaks inside values: the dataset has none). */
  static List<String> parse(String line) {
    List<String> values = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        values.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    values.add(cur.toString());
    return values;
  }
}
