package dev.merc.pipeline;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.joda.time.Duration;

/** Reads durations as people write them on a command line: 500ms, 30s, 5m, 1h, or ISO PT30S. */
final class Durations {

  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private Durations() {}

  /** @throws InvalidOptionException naming the option, for anything else or a zero duration */
  static Duration parse(String option, String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    Duration d;
    Matcher m = SHORT.matcher(text);
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        d = switch (m.group(2)) {
          case "ms" -> Duration.millis(n);
          case "s" -> Duration.standardSeconds(n);
          case "m" -> Duration.standardMinutes(n);
          case "h" -> Duration.standardHours(n);
          default -> Duration.standardDays(n);
        };
      } else {
        d = Duration.millis(java.time.Duration.parse(value.trim()).toMillis());
      }
    } catch (RuntimeException e) {
      throw new InvalidOptionException(option, "expected a duration such as 30s, 5m or 1h, got '"
          + value + "'");
    }
    if (d.getMillis() <= 0) {
      throw new InvalidOptionException(option, "must be longer than zero, got '" + value + "'");
    }
    return d;
  }
}
