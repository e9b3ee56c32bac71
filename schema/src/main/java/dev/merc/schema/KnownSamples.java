package dev.merc.schema;

import dev.merc.core.extract.SampleExtractor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** Answers whether a sample is already stored by the current extractor, so it can be skipped. */
public final class KnownSamples {

  private static final String QUERY =
      "SELECT magic, imphash FROM samples WHERE sha256 = ? AND extractor_version >= ?";

  /** What the stored record says of the sample, for the result stream's summary. */
  public record Stored(String magic, String imphash) {}

  private KnownSamples() {}

  public static boolean isStored(DataSource dataSource, String sha256) throws SQLException {
    return find(dataSource, sha256).isPresent();
  }

  /** The sample as stored by this extractor version or a later one; empty when it is not. */
  public static Optional<Stored> find(DataSource dataSource, String sha256) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(QUERY)) {
      s.setString(1, sha256);
      s.setInt(2, SampleExtractor.VERSION);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(new Stored(rs.getString(1), rs.getString(2)))
            : Optional.empty();
      }
    }
  }
}
