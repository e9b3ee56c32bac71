package dev.merc.pipeline;

import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.util.UUID;
import redis.clients.jedis.Jedis;

/**
 * The machine's Redis for tests, with a unique key per test that the test deletes afterwards.
 * Without a reachable server, tests skip with a message, except under CI=true, where that fails.
 */
final class TestRedis {

  static final String HOST_PORT =
      System.getenv().getOrDefault("MERC_TEST_REDIS", "127.0.0.1:6379");

  private TestRedis() {}

  static String url() {
    return "redis://" + HOST_PORT;
  }

  /** A connection to the test server; skips (or, under CI, fails) the test when it is down. */
  static Jedis connect() {
    String[] hp = HOST_PORT.split(":");
    Jedis jedis = new Jedis(hp[0], Integer.parseInt(hp[1]), 5000);
    try {
      jedis.ping();
      return jedis;
    } catch (RuntimeException e) {
      jedis.close();
      String message = "Redis at " + HOST_PORT + " is not reachable (" + e.getMessage() + ")";
      if ("true".equals(System.getenv("CI"))) {
        fail(message + "; CI=true requires it");
      }
      assumeTrue(message + ": test skipped", false);
      throw new AssertionError("unreachable");
    }
  }

  /** A stream name no other test or run uses. */
  static String uniqueKey(String what) {
    return "merc-test:" + what + ":" + UUID.randomUUID().toString().substring(0, 8);
  }
}
