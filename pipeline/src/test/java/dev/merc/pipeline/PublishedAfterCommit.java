package dev.merc.pipeline;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Follows a result stream while a streaming run goes on and checks, for each summary as it
 * appears, that its path already has a committed row (in sample_paths or failures).
 */
final class PublishedAfterCommit {

  private final Jedis jedis;
  private final String stream;
  private final String url;
  private final String user;
  private StreamEntryID last = new StreamEntryID(0, 0);
  private final List<String> early = new ArrayList<>();
  private int seen;

  PublishedAfterCommit(Jedis jedis, String stream, String url, String user) {
    this.jedis = jedis;
    this.stream = stream;
    this.url = url;
    this.user = user;
  }

  /** Checks the summaries added since the last call; returns how many were seen in all. */
  int poll() {
    List<StreamEntry> added = jedis.xrange(stream, after(last), (StreamEntryID) null);
    if (added.isEmpty()) {
      return seen;
    }
    Set<String> committed;
    try {
      committed = committedPaths();
    } catch (SQLException busy) {
      return seen;  // the writer holds the database; look again next time
    }
    for (StreamEntry e : added) {
      String path = e.getFields().get("path");
      if (!committed.contains(path)) {
        early.add(path + " (" + e.getFields().get("status") + ")");
      }
      last = e.getID();
      seen++;
    }
    return seen;
  }

  /** The paths whose summary appeared before their row was committed. */
  List<String> early() {
    return early;
  }

  private Set<String> committedPaths() throws SQLException {
    Set<String> paths = new HashSet<>();
    try (Connection c = DriverManager.getConnection(url, user, null);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT path FROM sample_paths UNION SELECT path FROM failures")) {
      while (rs.next()) {
        paths.add(rs.getString(1));
      }
    }
    return paths;
  }

  private static StreamEntryID after(StreamEntryID id) {
    return new StreamEntryID(id.getTime(), id.getSequence() + 1);
  }
}
