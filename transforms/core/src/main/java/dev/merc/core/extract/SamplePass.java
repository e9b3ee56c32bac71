package dev.merc.core.extract;

import dev.merc.core.fuzzy.SsdeepHasher;
import dev.merc.core.fuzzy.TlshHasher;
import dev.merc.core.record.Stage;
import dev.merc.core.record.StageError;
import dev.merc.core.strings.ExtractedStrings;
import dev.merc.core.strings.StringExtractor;
import dev.merc.core.strings.StringsOptions;
import dev.merc.core.text.SafeText;
import java.security.MessageDigest;

/**
 * The one pass over a sample's bytes: md5, sha1, the byte and byte-entropy histograms, ssdeep,
 * TLSH and the strings, fed the same chunk in turn, so that each chunk is read from memory once
 * and from cache by the rest. (sha256 came first, alone: it decides whether a sample is new.)
 *
 * <p>The hashes and counts cannot fail on any input. ssdeep, TLSH and the strings are guarded
 * each on its own: one that throws is dropped with its stage's error, and the others carry on.
 */
public final class SamplePass {

  /** A multiple of every extractor's unit (8-byte words, 1024-byte blocks), and cache-sized. */
  static final int CHUNK = 64 * 1024;

  public record Result(
      String sha1,
      String md5,
      long[] histogram,
      long[] byteEntropyHistogram,
      String ssdeep,
      String tlsh,
      ExtractedStrings strings,
      StageError error) {}

  private SamplePass() {}

  /**
   * @param stringsOptions null for the metadata only: no fuzzy hashes and no strings either
   */
  public static Result run(byte[] data, int length, StringsOptions stringsOptions) {
    boolean full = stringsOptions != null;
    MessageDigest md5 = Digests.digest("MD5");
    MessageDigest sha1 = Digests.digest("SHA-1");
    ByteStats bytes = new ByteStats();
    Guarded<SsdeepHasher> ssdeep =
        new Guarded<>(Stage.FUZZY, () -> full ? new SsdeepHasher(length) : null);
    Guarded<TlshHasher> tlsh = new Guarded<>(Stage.FUZZY, () -> full ? new TlshHasher() : null);
    Guarded<StringExtractor.Scanner> strings = new Guarded<>(Stage.STRINGS,
        () -> full ? StringExtractor.scanner(data, length, stringsOptions) : null);
    for (int off = 0; off < length; off += CHUNK) {
      int n = Math.min(CHUNK, length - off);
      int end = off + n;
      md5.update(data, off, n);
      sha1.update(data, off, n);
      bytes.update(data, off, n);
      ssdeep.run(h -> h.update(data, end - n, n));
      tlsh.run(h -> h.update(data, end - n, n));
      strings.run(s -> s.advance(end));
    }
    String ssdeepDigest = ssdeep.result(SsdeepHasher::digest);
    String tlshDigest = tlsh.result(TlshHasher::digest);
    ExtractedStrings found = strings.result(StringExtractor.Scanner::finish);
    StageError error = ssdeep.error != null ? ssdeep.error
        : tlsh.error != null ? tlsh.error : strings.error;
    return new Result(
        Digests.hex(sha1.digest()),
        Digests.hex(md5.digest()),
        bytes.histogram(),
        bytes.byteEntropyHistogram(),
        ssdeepDigest,
        tlshDigest,
        found,
        error);
  }

  /** One extractor of the pass, dropped with its error if it ever throws. */
  private static final class Guarded<T> {
    interface Step<T> {
      void apply(T t);
    }

    interface Finish<T, R> {
      R apply(T t);
    }

    private final Stage stage;
    private T extractor;
    StageError error;

    Guarded(Stage stage, java.util.function.Supplier<T> start) {
      this.stage = stage;
      try {
        extractor = start.get();
      } catch (RuntimeException e) {
        fail(e);
      }
    }

    void run(Step<T> step) {
      if (extractor != null) {
        try {
          step.apply(extractor);
        } catch (RuntimeException | StackOverflowError e) {
          fail(e);
        }
      }
    }

    <R> R result(Finish<T, R> finish) {
      if (extractor == null) {
        return null;
      }
      try {
        return finish.apply(extractor);
      } catch (RuntimeException | StackOverflowError e) {
        fail(e);
        return null;
      }
    }

    private void fail(Throwable e) {
      extractor = null;
      error = new StageError(stage, SafeText.of(e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
  }
}
