package dev.merc.core.fuzzy;

/** ssdeep 2.14.1 digests ({@link SsdeepHasher}) and their 0..100 similarity score, as {@code ssdeep -d/-k} give it. */
public final class Ssdeep {
    private Ssdeep() {
    }

    /** The digest of {@code data[0..length)}, e.g. {@code 96:Xh1p...:Xh1...}. */
    public static String hash(byte[] data, int length) {
        SsdeepHasher hasher = new SsdeepHasher(length);
        hasher.update(data, 0, length);
        return hasher.digest();
    }

    /**
     * ssdeep's match score: 0 (no similarity, or block sizes too far apart to compare) to 100 (identical after
     * runs of more than three equal characters are cut to three). Anything after a ',' in the second signature
     * (the file name in ssdeep's own format) is ignored, as ssdeep does.
     *
     * @throws IllegalArgumentException if either digest is malformed
     */
    public static int compare(String a, String b) {
        Parsed x = Parsed.of(a);
        Parsed y = Parsed.of(b);
        long bs1 = x.blockSize;
        long bs2 = y.blockSize;
        if (bs1 != bs2 && bs1 * 2 != bs2 && !(bs1 % 2 == 0 && bs1 / 2 == bs2)) {
            return 0;
        }
        if (bs1 == bs2 && x.sig1.equals(y.sig1) && x.sig2.equals(y.sig2)) {
            return 100;
        }
        if (bs1 == bs2) {
            return Math.max(score(x.sig1, y.sig1, bs1), score(x.sig2, y.sig2, bs1 * 2));
        } else if (bs1 * 2 == bs2) {
            return score(y.sig1, x.sig2, bs2);
        } else {
            return score(x.sig1, y.sig2, bs1);
        }
    }

    /** Scores two signature parts made at the same block size. */
    private static int score(String s1, String s2, long blockSize) {
        int n1 = s1.length();
        int n2 = s2.length();
        if (n1 < SsdeepHasher.ROLLING_WINDOW || n2 < SsdeepHasher.ROLLING_WINDOW || !hasCommonSubstring(s1, s2)) {
            return 0;
        }
        // Edit distance with substitution costing 2 (= insertion + deletion), i.e. n1 + n2 - 2 * LCS.
        int distance = n1 + n2 - 2 * longestCommonSubsequence(s1, s2);
        int score = distance * SsdeepHasher.SPAMSUM_LENGTH / (n1 + n2);
        score = 100 * score / SsdeepHasher.SPAMSUM_LENGTH;
        score = 100 - score;
        // Small block sizes mean short inputs: don't let a few matching characters claim a high score.
        int minBlock = (99 + SsdeepHasher.ROLLING_WINDOW) / SsdeepHasher.ROLLING_WINDOW * SsdeepHasher.MIN_BLOCKSIZE;
        if (blockSize >= minBlock) {
            return score;
        }
        long cap = blockSize / SsdeepHasher.MIN_BLOCKSIZE * Math.min(n1, n2);
        return (int) Math.min(score, cap);
    }

    /** Whether the strings share a substring of the rolling-window length (7), ssdeep's precondition for a score. */
    private static boolean hasCommonSubstring(String s1, String s2) {
        int w = SsdeepHasher.ROLLING_WINDOW;
        for (int i = 0; i + w <= s1.length(); i++) {
            for (int j = 0; j + w <= s2.length(); j++) {
                if (s1.regionMatches(i, s2, j, w)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int longestCommonSubsequence(String s1, String s2) {
        int[] prev = new int[s2.length() + 1];
        int[] cur = new int[s2.length() + 1];
        for (int i = 1; i <= s1.length(); i++) {
            for (int j = 1; j <= s2.length(); j++) {
                cur[j] = s1.charAt(i - 1) == s2.charAt(j - 1)
                        ? prev[j - 1] + 1
                        : Math.max(prev[j], cur[j - 1]);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[s2.length()];
    }

    /** A digest split into its parts, with runs of more than three equal characters cut to three. */
    private record Parsed(long blockSize, String sig1, String sig2) {
        static Parsed of(String digest) {
            int c1 = digest.indexOf(':');
            if (c1 <= 0) {
                throw new IllegalArgumentException("not an ssdeep digest: " + digest);
            }
            long blockSize;
            try {
                blockSize = Long.parseLong(digest.substring(0, c1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad block size in ssdeep digest: " + digest, e);
            }
            int c2 = digest.indexOf(':', c1 + 1);
            if (c2 < 0 || blockSize < 0 || blockSize > Long.MAX_VALUE / 2) {
                throw new IllegalArgumentException("not an ssdeep digest: " + digest);
            }
            int end = digest.indexOf(',', c2 + 1);
            String sig1 = eliminateSequences(digest.substring(c1 + 1, c2));
            String sig2 = eliminateSequences(digest.substring(c2 + 1, end < 0 ? digest.length() : end));
            if (sig1.length() > SsdeepHasher.SPAMSUM_LENGTH || sig2.length() > SsdeepHasher.SPAMSUM_LENGTH) {
                throw new IllegalArgumentException("ssdeep signature too long: " + digest);
            }
            return new Parsed(blockSize, sig1, sig2);
        }

        /** Runs carry little information and would inflate scores, so ssdeep keeps at most three. */
        private static String eliminateSequences(String s) {
            StringBuilder out = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                int n = out.length();
                if (n >= 3 && out.charAt(n - 1) == ch && out.charAt(n - 2) == ch && out.charAt(n - 3) == ch) {
                    continue;
                }
                out.append(ch);
            }
            return out.toString();
        }
    }
}
