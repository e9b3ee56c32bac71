package dev.merc.transforms;

import java.net.URI;
import java.net.URISyntaxException;
import org.apache.beam.sdk.io.redis.RedisConnectionConfiguration;

/** Reads {@code redis://[:password@]host[:port]} into RedisIO's serializable connection settings. */
public final class RedisUrls {

  public static final int DEFAULT_PORT = 6379;

  private RedisUrls() {}

  /** @throws IllegalArgumentException for anything but a redis:// URL with a host */
  public static RedisConnectionConfiguration parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + url, e);
    }
    if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("expected redis://host:port, got " + url);
    }
    RedisConnectionConfiguration config =
        RedisConnectionConfiguration.create(
            uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort());
    String userInfo = uri.getUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      // redis://:password@host, as redis-cli -u reads it.
      config = config.withAuth(userInfo.substring(userInfo.indexOf(':') + 1));
    }
    return config;
  }
}
