package dev.merc.core.text;

/**
 * Postgres rejects NUL in text and invalid UTF-8, and Java strings can carry both (a NUL char, or
 * a lone surrogate that has no UTF-8 form). Every string taken from an input goes through here.
 */
public final class SafeText {

  private SafeText() {}

  /** NUL becomes the visible escape {@code \x00}; a lone surrogate becomes U+FFFD. */
  public static String of(String s) {
    if (s == null || isClean(s)) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        out.append("\\x00");
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append('\uFFFD');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean isClean(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0) {
        return false;
      }
      if (Character.isSurrogate(c)) {
        if (!Character.isHighSurrogate(c)
            || i + 1 == s.length()
            || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      }
    }
    return true;
  }
}
