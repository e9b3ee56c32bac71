package dev.merc.core.strings;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tags a string with what it looks like ({@link StringTag}). The rules are documented in
 * docs/string-tags.md; keep that page and this class in step.
 *
 * <p>Most strings in a binary are short junk, so a first pass only notes which kinds of character
 * occur and stops most strings there; a second pass notes the character pairs each rule needs; a
 * rule's regex runs only when those are present. An instance reuses its matchers and is not
 * thread-safe.
 */
public final class StringTagger {

  /** Top-level domains accepted by {@code domain} and {@code email} (see docs/string-tags.md). */
  static final String TLDS =
      // generic, and the cheap ones popular with malware
      "com net org info biz edu gov mil int arpa pro mobi asia tel top online site club shop"
          + " store app dev cloud tech live space website icu vip work link click download win bid"
          + " loan date review stream trade racing party science cricket faith accountant men gdn"
          + " kim country onion bit"
          // country codes, minus those that are also file extensions or struct fields (in, cx, ...)
          + " ru cn uk de fr it nl br jp kr au ca es se ch at be dk fi no cz hu ro gr pt ie il tr"
          + " ua by kz su ir iq sa ae eg za ng ke mx ar cl co pe ve vn th my sg hk tw ph pk bd lk"
          + " np nz us eu io me tv ws to tk ml ga cf gq ly la ai vc st nu pw li lu lt lv ee bg"
          + " hr si sk ba al ge az uz kg tj tm mn kh";

  private static final long[] TLD_TABLE = tldTable();

  private static final Pattern URL =
      Pattern.compile(
          "(?i)(?<![a-z0-9+.-])(?:https?|ftps?|sftp|wss?|file|smb|ldaps?|rtsp|ssh|telnet|irc"
              + "|gopher|mms|tcp|udp)://[^\\s\"'<>]");

  private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
  private static final Pattern IPV4 =
      Pattern.compile("(?<![\\w.])(?:" + OCTET + "\\.){3}" + OCTET + "(?!\\w|\\.\\w)");

  private static final String HOST_LABELS = "(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+";
  private static final String TLD_END = "([a-z]{2,12})(?![\\w(=-]|\\.[\\w-])";
  private static final Pattern DOMAIN =
      Pattern.compile("(?i)(?<![\\w.%-])" + HOST_LABELS + TLD_END);
  private static final Pattern EMAIL =
      Pattern.compile("(?i)(?<![\\w.%+-])[a-z0-9._%+-]{1,64}@" + HOST_LABELS + TLD_END);

  private static final Pattern REGISTRY =
      Pattern.compile(
          "(?i)(?<![\\w\\\\])(?:HKEY_(?:LOCAL_MACHINE|CURRENT_USER|CLASSES_ROOT|USERS|CURRENT_CONFIG"
              + "|PERFORMANCE_DATA|DYN_DATA)|HK(?:LM|CU|CR|U|CC))(?!\\w)"
              + "|\\\\REGISTRY\\\\(?:MACHINE|USER)(?!\\w)"
              + "|(?<![\\w\\\\/:.%])(?:SOFTWARE\\\\[\\w{]"
              + "|SYSTEM\\\\(?:CurrentControlSet|ControlSet\\d{3})(?!\\w)"
              + "|Control Panel\\\\\\w"
              + "|(?:CLSID|Interface|TypeLib|AppID)\\\\\\{)");

  private static final Pattern PATH =
      Pattern.compile(
          "(?i)(?<!\\w)[a-z]:(?:\\\\{1,2}(?:[\\w.$~%() -]{2}|$)|/[\\w.$~%-]{2})" // C:\ C:\ab C:/ab
              + "|\\\\\\\\[\\w.$?-]+\\\\" // UNC or device: \\server\ \\.\ \\?\
              + "|(?<![\\w\\\\])%[a-z_][\\w()]*%\\\\" // environment variable: %APPDATA%\
              + "|\\\\(?:SystemRoot|Device|DosDevices|\\?\\?|GLOBAL\\?\\?)\\\\" // NT namespace
              + "|(?<![\\w\\\\])(?:system32|syswow64|windows|winnt|program files(?: \\(x86\\))?"
              + "|programdata|appdata|users|documents and settings|temp)\\\\[\\w.$ ~-]"
              + "|(?<![\\w/.:~-])/(?:bin|sbin|usr|etc|tmp|var|home|root|opt|dev|proc|sys|lib|lib32"
              + "|lib64|mnt|media|run|boot|srv|Users|Library|Applications|System|private|Volumes)"
              + "(?:/|$)"
              + "|(?<![\\w/.~-])(?:~|\\.\\.?)/[\\w.$-]+/"); // ~/x/ ./x/ ../x/

  private static final Pattern PDB = Pattern.compile("(?i)\\w\\.pdb(?!\\w)");

  private static final Pattern MUTEX =
      Pattern.compile(
          "(?i)(?<![\\w\\\\])(?:Global|Local|Session\\\\\\d{1,4})\\\\[^\\\\\\s]"
              + "|\\\\BaseNamedObjects\\\\[^\\\\]");

  private static final int BASE64_MIN = 28;

  // Character classes for the first pass, which only notes which kinds of character occur.
  private static final int DIGIT = 1;
  private static final int UPPER = 1 << 1;
  private static final int LOWER = 1 << 2;
  private static final int DOT = 1 << 3;
  private static final int COLON = 1 << 4;
  private static final int SLASH = 1 << 5;
  private static final int BACKSLASH = 1 << 6;
  private static final int H = 1 << 7;
  private static final int K = 1 << 8;
  private static final int[] CLASSES = classes();

  private final Matcher url = URL.matcher("");
  private final Matcher ipv4 = IPV4.matcher("");
  private final Matcher domain = DOMAIN.matcher("");
  private final Matcher email = EMAIL.matcher("");
  private final Matcher registry = REGISTRY.matcher("");
  private final Matcher path = PATH.matcher("");
  private final Matcher pdb = PDB.matcher("");
  private final Matcher mutex = MUTEX.matcher("");

  private final ByteChars view = new ByteChars();

  /** The tags of one string, in {@link StringTag} order. */
  public static Set<StringTag> tag(CharSequence s) {
    int seen = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      seen |= c < 128 ? CLASSES[c] : 0;
    }
    StringTagger tagger = new StringTagger();
    return StringTag.setOf(mayMatch(seen, s.length()) ? tagger.mask(s) : 0);
  }

  /**
   * The tags of a found string as a bit mask (bit i = {@link StringTag} ordinal i): {@code length}
   * characters at {@code offset}, one every {@code stride} bytes (1 for ASCII, 2 for UTF-16LE).
   */
  int mask(byte[] data, int offset, int length, int stride) {
    int seen = 0; // found strings hold only printable ASCII and tab, hence the & 0x7F
    if (stride == 1) {
      for (int i = offset, end = offset + length; i < end; i++) {
        seen |= CLASSES[data[i] & 0x7F];
      }
    } else {
      for (int i = offset, end = offset + 2 * length; i < end; i += 2) {
        seen |= CLASSES[data[i] & 0x7F];
      }
    }
    return mayMatch(seen, length) ? mask(view.set(data, offset, length, stride)) : 0;
  }

  /** Whether some tag's required characters all occur (most strings in a binary fail this). */
  private static boolean mayMatch(int seen, int length) {
    return (seen & (SLASH | BACKSLASH)) != 0 // url, path, registry, mutex
        || ((seen & DOT) != 0 && (seen & (DIGIT | UPPER | LOWER)) != 0) // ipv4, domain, email, pdb
        || (seen & (COLON | DIGIT)) == (COLON | DIGIT) // ipv6
        || (seen & (H | K)) == (H | K) // HKLM and friends
        || (length >= BASE64_MIN && (seen & (DIGIT | UPPER | LOWER)) == (DIGIT | UPPER | LOWER));
  }

  private static int[] classes() {
    int[] classes = new int[128];
    for (char c = '0'; c <= '9'; c++) {
      classes[c] = DIGIT;
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      classes[c] = UPPER;
      classes[c + 32] = LOWER;
    }
    classes['H'] |= H;
    classes['h'] |= H;
    classes['K'] |= K;
    classes['k'] |= K;
    classes['.'] = DOT;
    classes[':'] = COLON;
    classes['/'] = SLASH;
    classes['\\'] = BACKSLASH;
    return classes;
  }

  /**
   * The second pass: notes the character pairs each rule needs (a regex is slow on junk, mostly
   * because it tries every start position), then runs only the rules whose pairs occur.
   */
  private int mask(CharSequence s) {
    int n = s.length();
    int digits = 0;
    int dots = 0;
    int colons = 0;
    int slashes = 0;
    int backslashes = 0;
    boolean upper = false;
    boolean lower = false;
    boolean at = false;
    boolean colonThenSlash = false; // ":/" or ":\": a scheme or a drive
    boolean drive = false; // a letter, ':', then '\' or '/'
    boolean doubleColon = false;
    boolean hkWord = false; // "HK" starting a word
    boolean dotP = false;
    boolean unixStart = false; // '/' after a non-word character, then a letter
    boolean relativeStart = false; // "./" or "~/"
    boolean uncOrEnv = false; // "\\" or "%\"
    char prev2 = 0;
    char prev = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
        char lc = (char) (c | 0x20);
        if (c <= 'Z') {
          upper = true;
        } else {
          lower = true;
        }
        hkWord |= lc == 'k' && (prev | 0x20) == 'h' && !isLetter(prev2);
        dotP |= lc == 'p' && prev == '.';
        unixStart |= prev == '/' && (i == 1 || !isWordChar(prev2) && "/.:~-".indexOf(prev2) < 0);
      } else if (c >= '0' && c <= '9') {
        digits++;
      } else {
        switch (c) {
          case '.' -> dots++;
          case ':' -> {
            colons++;
            doubleColon |= prev == ':';
          }
          case '/' -> {
            slashes++;
            colonThenSlash |= prev == ':';
            drive |= prev == ':' && isLetter(prev2);
            relativeStart |= prev == '.' || prev == '~';
          }
          case '\\' -> {
            backslashes++;
            colonThenSlash |= prev == ':';
            drive |= prev == ':' && isLetter(prev2);
            uncOrEnv |= prev == '\\' || prev == '%';
          }
          case '@' -> at = true;
          default -> {}
        }
      }
      prev2 = prev;
      prev = c;
    }
    int words = backslashes > 0 ? wordsBeforeBackslashes(s) : 0;

    int mask = 0;
    if (colonThenSlash && slashes >= 2 && find(url, s)) {
      mask |= StringTag.URL.bit();
    }
    if (dots >= 3 && digits >= 4 && findIpv4(s)) {
      mask |= StringTag.IPV4.bit();
    }
    if (digits > 0 && (doubleColon || colons >= 7) && hasIpv6(s)) {
      mask |= StringTag.IPV6.bit();
    }
    boolean tld = dots > 0 && (upper || lower) && hasTldCandidate(s);
    if (tld && findWithTld(domain, s)) {
      mask |= StringTag.DOMAIN.bit();
    }
    if (tld && at && findWithTld(email, s)) {
      mask |= StringTag.EMAIL.bit();
    }
    if ((hkWord || (words & REGISTRY_WORD) != 0) && find(registry, s)) {
      mask |= StringTag.REGISTRY.bit();
    }
    boolean pathStart =
        drive
            || uncOrEnv
            || backslashes >= 2
            || (words & PATH_WORD) != 0
            || unixStart
            || relativeStart;
    if (pathStart && find(path, s)) {
      mask |= StringTag.PATH.bit();
    }
    if (dotP && find(pdb, s)) {
      mask |= StringTag.PDB.bit();
    }
    if (n >= BASE64_MIN && upper && lower && digits > 0 && hasBase64(s)) {
      mask |= StringTag.BASE64.bit();
    }
    if ((words & MUTEX_WORD) != 0 && find(mutex, s)) {
      mask |= StringTag.MUTEX.bit();
    }
    return mask;
  }

  private static final int PATH_WORD = 1;
  private static final int REGISTRY_WORD = 2;
  private static final int MUTEX_WORD = 4;

  /** Lower-case words that the path, registry and mutex rules need right before a '\'. */
  private static final String[][] WORDS = {
    {"system32", "syswow64", "windows", "winnt", "program files", "program files (x86)",
      "programdata", "appdata", "users", "documents and settings", "temp"},
    {"software", "system", "registry", "control panel", "clsid", "interface", "typelib", "appid"},
    {"global", "local", "session", "basenamedobjects"},
  };

  /**
   * Which of the {@link #WORDS} lists has a word ending right before some '\' (a digit there counts
   * for the mutex list: Session\N\).
   */
  private static int wordsBeforeBackslashes(CharSequence s) {
    int found = 0;
    for (int i = 1; i < s.length(); i++) {
      if (s.charAt(i) != '\\') {
        continue;
      }
      if (s.charAt(i - 1) >= '0' && s.charAt(i - 1) <= '9') {
        found |= MUTEX_WORD;
      }
      for (int list = 0; list < WORDS.length; list++) {
        for (String word : WORDS[list]) {
          if (endsWithIgnoreCase(s, i, word)) {
            found |= 1 << list;
            break;
          }
        }
      }
    }
    return found;
  }

  private static boolean endsWithIgnoreCase(CharSequence s, int end, String lowerWord) {
    int start = end - lowerWord.length();
    if (start < 0) {
      return false;
    }
    for (int k = 0; k < lowerWord.length(); k++) {
      char c = s.charAt(start + k);
      if ((c >= 'A' && c <= 'Z' ? (char) (c | 0x20) : c) != lowerWord.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static boolean find(Matcher m, CharSequence s) {
    return m.reset(s).find();
  }

  /**
   * An IPv4 match that is not a network address (last octet 0, as in versions such as 1.0.0.0)
   * nor in 2.5.0.0/16 (which X.500 OIDs such as 2.5.29.17 look like).
   */
  private boolean findIpv4(CharSequence s) {
    ipv4.reset(s);
    while (ipv4.find()) {
      int start = ipv4.start();
      int end = ipv4.end();
      boolean network = s.charAt(end - 1) == '0' && s.charAt(end - 2) == '.';
      boolean oid = s.charAt(start) == '2' && s.charAt(start + 1) == '.' && s.charAt(start + 2) == '5'
          && s.charAt(start + 3) == '.';
      if (!network && !oid) {
        return true;
      }
    }
    return false;
  }

  /**
   * Like {@link #find}, but group 1 (the top-level domain) must be in {@link #TLDS}, and be all
   * lower case unless the whole match is upper case (junk such as "Kn.TR" or "result.cH" is not);
   * with a two-letter TLD the name must be at least 6 characters long (junk such as "A.eg" is not).
   */
  private static boolean findWithTld(Matcher m, CharSequence s) {
    m.reset(s);
    while (m.find()) {
      boolean shortName = m.end(1) - m.start(1) == 2 && m.end() - m.start() < 6;
      if (isTld(s, m.start(1), m.end(1))
          && !shortName
          && (!hasUpper(s, m.start(1), m.end(1)) || !hasLower(s, m.start(), m.end()))) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasUpper(CharSequence s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) >= 'A' && s.charAt(i) <= 'Z') {
        return true;
      }
    }
    return false;
  }

  private static boolean hasLower(CharSequence s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) >= 'a' && s.charAt(i) <= 'z') {
        return true;
      }
    }
    return false;
  }

  /** A '.', then 2-12 letters ending the dotted name, that form a known TLD. */
  private static boolean hasTldCandidate(CharSequence s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) != '.') {
        continue;
      }
      int end = i + 1;
      while (end < n && isLetter(s.charAt(end))) {
        end++;
      }
      if (end < n && (isWordChar(s.charAt(end)) || s.charAt(end) == '-')) {
        continue;
      }
      if (isTld(s, i + 1, end)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isTld(CharSequence s, int from, int to) {
    long code = tldCode(s, from, to);
    if (code < 0) {
      return false;
    }
    for (int slot = tldSlot(code); TLD_TABLE[slot] != 0; slot = (slot + 1) & (TLD_TABLE.length - 1)) {
      if (TLD_TABLE[slot] == code) {
        return true;
      }
    }
    return false;
  }

  private static int tldSlot(long code) {
    return (int) ((code * 0x9E3779B97F4A7C15L) >>> 54); // 10 bits: TLD_TABLE has 1024 slots
  }

  /** Packs 2-12 letters case-insensitively, 5 bits each; -1 when not such a run. */
  private static long tldCode(CharSequence s, int from, int to) {
    int len = to - from;
    if (len < 2 || len > 12) {
      return -1;
    }
    long code = 0;
    for (int i = from; i < to; i++) {
      char c = (char) (s.charAt(i) | 0x20);
      if (c < 'a' || c > 'z') {
        return -1;
      }
      code = (code << 5) | (c - 'a' + 1);
    }
    return code;
  }

  /** An open-addressing hash set of the packed {@link #TLDS} (0 marks an empty slot). */
  private static long[] tldTable() {
    long[] table = new long[1024];
    for (String name : TLDS.split(" ")) {
      long code = tldCode(name, 0, name.length());
      if (code <= 0) {
        throw new IllegalStateException("bad TLD " + name);
      }
      int slot = tldSlot(code);
      while (table[slot] != 0 && table[slot] != code) {
        slot = (slot + 1) & (table.length - 1);
      }
      table[slot] = code;
    }
    return table;
  }

  /** A token of base64 characters plus at most two '=' that passes the checks of docs/string-tags.md. */
  static boolean hasBase64(CharSequence s) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      if (!isBase64Char(s.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < n && isBase64Char(s.charAt(i))) {
        i++;
      }
      int padded = i;
      while (padded < n && s.charAt(padded) == '=') {
        padded++;
      }
      int len = padded - start;
      if (padded - i <= 2 && len >= BASE64_MIN && len % 4 == 0 && looksRandom(s, start, i)) {
        return true;
      }
      i = padded;
    }
    return false;
  }

  /**
   * Whether a run of base64 characters looks like encoded data rather than an identifier or a
   * pattern: all three character classes, no four equal or ascending characters in a row, at least
   * half as many distinct characters as it could have, few '/', and under 40% of it in words
   * (three or more lower-case letters, with the capital before them). 'A' encodes zero bits, so
   * runs of it (an encoded PE header is full of them) count for neither repetition nor diversity.
   */
  private static boolean looksRandom(CharSequence s, int from, int to) {
    int len = to - from;
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    long seenLow = 0; // which characters occur, as bits of two longs
    long seenHigh = 0;
    int slashes = 0;
    int notA = 0;
    int wordy = 0;
    int lowerRun = 0;
    boolean capitalBefore = false;
    int same = 1;
    int ascending = 1;
    for (int i = from; i <= to; i++) {
      char c = i < to ? s.charAt(i) : ' ';
      if (c >= 'a' && c <= 'z') {
        if (lowerRun == 0) {
          capitalBefore = i > from && s.charAt(i - 1) >= 'A' && s.charAt(i - 1) <= 'Z';
        }
        lowerRun++;
        lower = true;
      } else {
        if (lowerRun >= 3) {
          wordy += lowerRun + (capitalBefore ? 1 : 0);
        }
        lowerRun = 0;
        upper |= c >= 'A' && c <= 'Z';
        digit |= c >= '0' && c <= '9';
        slashes += c == '/' ? 1 : 0;
      }
      if (i == to) {
        break;
      }
      if (c == 'A') {
        // zero bits: neither repetition nor diversity
      } else if (c < 64) {
        seenLow |= 1L << c;
        notA++;
      } else {
        seenHigh |= 1L << (c - 64);
        notA++;
      }
      if (i > from) {
        char prev = s.charAt(i - 1);
        same = c == prev && c != 'A' ? same + 1 : 1;
        ascending = c == prev + 1 ? ascending + 1 : 1;
        if (same >= 4 || ascending >= 4) {
          return false;
        }
      }
    }
    int distinct = Long.bitCount(seenLow) + Long.bitCount(seenHigh);
    return upper
        && lower
        && digit
        && 2 * distinct >= Math.min(notA, 64)
        && 16 * slashes <= len + 16
        && 5 * wordy < 2 * len;
  }

  /** A maximal run of hex digits, ':' and '.' that is a valid IPv6 address (see docs). */
  static boolean hasIpv6(CharSequence s) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      if (!isIpv6Char(s.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < n && isIpv6Char(s.charAt(i))) {
        i++;
      }
      int end = i;
      boolean bounded =
          (start == 0 || !isWordChar(s.charAt(start - 1))) && (end == n || !isWordChar(s.charAt(end)));
      if (s.charAt(end - 1) == '.') {
        end--; // a sentence's full stop
      }
      if (bounded && isIpv6(s, start, end)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isIpv6(CharSequence s, int from, int to) {
    if (to - from < 3) {
      return false;
    }
    boolean compressed = false;
    boolean digit = false;
    int groups = 0;
    int hexDigits = 0;
    int i = from;
    if (s.charAt(i) == ':') {
      if (s.charAt(i + 1) != ':') {
        return false;
      }
      compressed = true;
      i += 2;
    }
    while (i < to) {
      int g = i;
      while (i < to && isHex(s.charAt(i))) {
        digit |= s.charAt(i) <= '9';
        hexDigits++;
        i++;
      }
      if (i < to && s.charAt(i) == '.') {
        // an embedded IPv4 address ends the address and counts as two groups
        if (!isIpv4(s, g, to)) {
          return false;
        }
        groups += 2;
        digit = true;
        break;
      }
      int len = i - g;
      if (len == 0 || len > 4) {
        return false;
      }
      groups++;
      if (i == to) {
        break;
      }
      i++; // the ':'
      if (i == to) {
        return false; // a single trailing ':'
      }
      if (s.charAt(i) == ':') {
        if (compressed) {
          return false;
        }
        compressed = true;
        i++;
      }
    }
    if (!digit || groups < 2 || hexDigits < 4) {
      return false; // also keeps junk such as "F1::" or "9::B" out
    }
    return compressed ? groups <= 7 : groups == 8;
  }

  private static boolean isIpv4(CharSequence s, int from, int to) {
    int octets = 0;
    int i = from;
    while (true) {
      int g = i;
      int value = 0;
      while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - g < 3) {
        value = value * 10 + (s.charAt(i) - '0');
        i++;
      }
      int len = i - g;
      if (len == 0 || value > 255 || (len > 1 && s.charAt(g) == '0')) {
        return false;
      }
      octets++;
      if (i == to) {
        return octets == 4;
      }
      if (s.charAt(i) != '.' || octets == 4) {
        return false;
      }
      i++;
    }
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isWordChar(char c) {
    return isLetter(c) || (c >= '0' && c <= '9') || c == '_';
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isIpv6Char(char c) {
    return isHex(c) || c == ':' || c == '.';
  }

  private static boolean isBase64Char(char c) {
    return isLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '/';
  }
}
