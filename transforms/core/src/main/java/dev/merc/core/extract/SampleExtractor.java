package dev.merc.core.extract;

import dev.merc.core.fuzzy.SsdeepHasher;
import dev.merc.core.fuzzy.TlshHasher;
import dev.merc.core.magic.FileType;
import dev.merc.core.magic.FileTypes;
import dev.merc.core.pe.PeInfo;
import dev.merc.core.pe.PeLimits;
import dev.merc.core.pe.PeParser;
import dev.merc.core.record.SampleRecord;
import dev.merc.core.record.Stage;
import dev.merc.core.record.StageError;
import dev.merc.core.strings.ExtractedStrings;
import dev.merc.core.strings.StringExtractor;
import dev.merc.core.text.SafeText;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds the sample record from bytes already in memory, after {@link Digests} made the first
 * pass. The fuzzy hashes share a second, chunked pass; strings and the PE parse read the array on
 * their own terms. A stage that throws leaves its fields null and its error in the record, so one
 * broken structure never costs the rest of the sample.
 */
public final class SampleExtractor {

  /**
   * Bumped whenever extraction changes what it stores, so that samples stored by an older version
   * are extracted again instead of being skipped as known.
   */
  public static final int VERSION = 2;

  private static final int CHUNK = 64 * 1024;
  private static final PeLimits PE_LIMITS = PeLimits.defaults();

  private SampleExtractor() {}

  public static SampleRecord extract(
      SampleBytes bytes, Fingerprint fingerprint, String path, ExtractionSettings settings) {
    byte[] data = bytes.data();
    int length = bytes.length();
    Stages stages = new Stages();
    FileType type = stages.run(Stage.MAGIC, () -> FileTypes.identify(data, length));
    FuzzyHashes fuzzy = stages.run(Stage.FUZZY, () -> FuzzyHashes.of(data, length));
    List<Long> entropyHistogram =
        stages.run(Stage.FUZZY, () -> boxed(ByteEntropyHistogram.of(data, length)));
    ExtractedStrings strings =
        stages.run(
            Stage.STRINGS, () -> StringExtractor.extract(data, length, settings.stringsOptions()));
    PeInfo pe = stages.run(Stage.PE, () -> PeParser.parse(data, length, PE_LIMITS));
    return new SampleRecord(
        fingerprint.sha256(),
        fingerprint.sha1(),
        fingerprint.md5(),
        fingerprint.size(),
        fingerprint.entropy(),
        type == null ? null : type.magic(),
        type == null ? null : type.mime(),
        List.of(SafeText.of(path)),
        fuzzy == null ? null : fuzzy.ssdeep(),
        fuzzy == null ? null : fuzzy.tlsh(),
        boxed(fingerprint.histogram()),
        entropyHistogram,
        pe,
        strings,
        stages.firstError);
  }

  /** The record of a sample whose extraction was cut short: the first pass's fields only. */
  public static SampleRecord fingerprintOnly(
      Fingerprint fingerprint, String path, StageError error) {
    return new SampleRecord(
        fingerprint.sha256(), fingerprint.sha1(), fingerprint.md5(), fingerprint.size(),
        fingerprint.entropy(), null, null, List.of(SafeText.of(path)), null, null,
        boxed(fingerprint.histogram()), null, null, null, error);
  }

  /** ssdeep and TLSH, fed the same chunks so each chunk is read from cache the second time. */
  private record FuzzyHashes(String ssdeep, String tlsh) {
    static FuzzyHashes of(byte[] data, int length) {
      SsdeepHasher ssdeep = new SsdeepHasher(length);
      TlshHasher tlsh = new TlshHasher();
      for (int off = 0; off < length; off += CHUNK) {
        int n = Math.min(CHUNK, length - off);
        ssdeep.update(data, off, n);
        tlsh.update(data, off, n);
      }
      return new FuzzyHashes(ssdeep.digest(), tlsh.digest());
    }
  }

  /** Runs stages, keeping the first failure for the record instead of losing the sample. */
  private static final class Stages {
    StageError firstError;

    <T> T run(Stage stage, Supplier<T> work) {
      try {
        return work.get();
      } catch (RuntimeException | StackOverflowError e) {
        if (firstError == null) {
          firstError =
              new StageError(stage, SafeText.of(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
        return null;
      }
    }
  }

  private static List<Long> boxed(long[] values) {
    Long[] out = new Long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return List.of(out);
  }
}
