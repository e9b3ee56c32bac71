package dev.merc.schema;

import dev.merc.core.extract.SampleExtractor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Answers whether a sample is already stored by the current extractor, so it can be skipped. */
public final class KnownSamples {

  private static final String QUERY =
      "SELECT 1 FROM samples WHERE sha256 = ? AND extractor_version >= ?";

  private KnownSamples() {}

  public static boolean isStored(DataSource dataSource, String sha256) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(QUERY)) {
      s.setString(1, sha256);
      s.setInt(2, SampleExtractor.VERSION);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next();
      }
    }
  }
}
