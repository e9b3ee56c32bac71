package dev.merc.transforms.queue;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;

/** Consumer-group housekeeping shared by the source and the command line. */
public final class QueueGroups {

  private QueueGroups() {}

  /**
   * Creates the stream and its group if missing. A new group starts at the stream's beginning, so
   * entries loaded before the first consumer started are processed too.
   */
  public static void ensure(Jedis jedis, String stream, String group) {
    try {
      jedis.xgroupCreate(stream, group, new StreamEntryID(0, 0), true);
    } catch (JedisDataException e) {
      if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
        throw e;
      }
    }
  }
}
