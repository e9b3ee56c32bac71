package dev.merc.core.extract;

import dev.merc.core.magic.FileType;
import dev.merc.core.magic.FileTypes;
import dev.merc.core.pe.PeInfo;
import dev.merc.core.pe.PeLimits;
import dev.merc.core.pe.PeParser;
import dev.merc.core.record.SampleRecord;
import dev.merc.core.record.Stage;
import dev.merc.core.record.StageError;
import dev.merc.core.text.SafeText;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds the sample record from bytes already in memory and their sha256: one pass (see {@link
 * SamplePass}) for the hashes, histograms, fuzzy hashes and strings; then the file type and the PE
 * parse, which read the array on their own terms. A stage that throws leaves its fields null and
 * its error in the record, so one broken structure never costs the rest of the sample.
 */
public final class SampleExtractor {

  /**
   * Bumped whenever extraction changes what it stores, so that samples stored by an older version
   * are extracted again instead of being skipped as known.
   */
  public static final int VERSION = 3;

  /** The version of records with the metadata only ({@link ExtractionSettings#metadataOnly}). */
  public static final int METADATA_ONLY_VERSION = 0;

  private static final PeLimits PE_LIMITS = PeLimits.defaults();

  private SampleExtractor() {}

  public static SampleRecord extract(
      SampleBytes bytes, String sha256, String path, ExtractionSettings settings) {
    byte[] data = bytes.data();
    int length = bytes.length();
    SamplePass.Result pass = SamplePass.run(data, length,
        settings.metadataOnly() ? null : settings.stringsOptions());
    Stages stages = new Stages();
    stages.firstError = pass.error();
    FileType type = stages.run(Stage.MAGIC, () -> FileTypes.identify(data, length));
    PeInfo pe = settings.metadataOnly()
        ? null : stages.run(Stage.PE, () -> PeParser.parse(data, length, PE_LIMITS));
    return new SampleRecord(
        sha256,
        pass.sha1(),
        pass.md5(),
        length,
        Entropy.ofHistogram(pass.histogram(), length),
        type == null ? null : type.magic(),
        type == null ? null : type.mime(),
        List.of(SafeText.of(path)),
        pass.ssdeep(),
        pass.tlsh(),
        boxed(pass.histogram()),
        boxed(pass.byteEntropyHistogram()),
        pe,
        pass.strings(),
        stages.firstError);
  }

  /**
   * The record of a sample whose extraction was cut short: its hashes, entropy and byte histogram
   * only, computed here (a pass of their own; the extraction they would have come from is gone).
   */
  public static SampleRecord fingerprintOnly(SampleBytes bytes, String path, StageError error) {
    Fingerprint fingerprint = Digests.of(bytes.data(), bytes.length());
    return new SampleRecord(
        fingerprint.sha256(), fingerprint.sha1(), fingerprint.md5(), fingerprint.size(),
        fingerprint.entropy(), null, null, List.of(SafeText.of(path)), null, null,
        boxed(fingerprint.histogram()), null, null, null, error);
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
