package dev.merc.core.archive;

import java.io.Serializable;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides which archive entries are samples: those whose name matches the glob ({@code **} any
 * path, {@code *} and {@code ?} within one path segment), except the dataset's label files.
 */
public final class EntrySelector implements Serializable {

  /** The PE Malware Machine Learning Dataset ships its labels beside the samples. */
  static final Set<String> LABEL_FILES = Set.of("samples.csv", "samples-augmented.csv");

  private final String glob;
  private final Pattern pattern;

  public EntrySelector(String glob) {
    this(glob, Pattern.compile(toRegex(glob)));
  }

  private EntrySelector(String glob, Pattern pattern) {
    this.glob = glob;
    this.pattern = pattern;
  }

  /** Selects the one entry of this name, taken literally ({@code *} and {@code ?} included). */
  public static EntrySelector exactly(String name) {
    return new EntrySelector(name, Pattern.compile(Pattern.quote(name)));
  }

  public String glob() {
    return glob;
  }

  public boolean isSample(String name) {
    String base = name.substring(name.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    return !LABEL_FILES.contains(base) && pattern.matcher(name).matches();
  }

  static String toRegex(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        boolean slash = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
        re.append(slash ? "(?:.*/)?" : ".*");
        i += slash ? 2 : 1;
      } else if (c == '*') {
        re.append("[^/]*");
      } else if (c == '?') {
        re.append("[^/]");
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return re.toString();
  }
}
