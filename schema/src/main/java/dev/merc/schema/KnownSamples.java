package dev.merc.schema;

import dev.merc.core.extract.SampleExtractor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Answers whether a sample is already stored by the current extractor, so it can be skipped: by
 * its sha256 once read, or by the md5 and size that an object store lists without a download.
 */
public final class KnownSamples {

  private static final String QUERY =
      "SELECT magic, imphash FROM samples WHERE sha256 = ? AND extractor_version >= ?";

  /** What the stored record says of the sample, for the result stream's summary. */
  public record Stored(String magic, String imphash) {}

  private static final String BY_MD5 =
      "SELECT sha256 FROM samples WHERE md5 = ? AND size = ? AND extractor_version >= ? LIMIT 2";

  private KnownSamples() {}

  /**
   * The sha256 of the one sample stored by the current extractor with this md5 (lowercase hex) and
   * size, or null when there is none, or more than one: md5 collisions of equal size can be made,
   * and then only reading the file tells which sample it is.
   */
  public static String byMd5(DataSource dataSource, String md5, long size) throws SQLException {
    return byMd5(dataSource, md5, size, SampleExtractor.VERSION);
  }

  /** The same, among the samples stored by extractor version {@code minVersion} or later. */
  public static String byMd5(DataSource dataSource, String md5, long size, int minVersion)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(BY_MD5)) {
      s.setString(1, md5);
      s.setLong(2, size);
      s.setInt(3, minVersion);
      try (ResultSet rs = s.executeQuery()) {
        String sha256 = rs.next() ? rs.getString(1) : null;
        return sha256 != null && !rs.next() ? sha256 : null;
      }
    }
  }

  public static boolean isStored(DataSource dataSource, String sha256) throws SQLException {
    return find(dataSource, sha256).isPresent();
  }

  /** The sample as stored by this extractor version or a later one; empty when it is not. */
  public static Optional<Stored> find(DataSource dataSource, String sha256) throws SQLException {
    return find(dataSource, sha256, SampleExtractor.VERSION);
  }

  /** The sample as stored by extractor version {@code minVersion} or later. */
  public static Optional<Stored> find(DataSource dataSource, String sha256, int minVersion)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(QUERY)) {
      s.setString(1, sha256);
      s.setInt(2, minVersion);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(new Stored(rs.getString(1), rs.getString(2)))
            : Optional.empty();
      }
    }
  }
}
