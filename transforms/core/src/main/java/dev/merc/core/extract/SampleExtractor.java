package dev.merc.core.extract;

import dev.merc.core.magic.FileType;
import dev.merc.core.magic.FileTypes;
import dev.merc.core.record.SampleRecord;
import dev.merc.core.record.Stage;
import dev.merc.core.record.StageError;
import dev.merc.core.text.SafeText;
import java.util.List;

/**
 * Builds the sample record from bytes already in memory. A stage that throws leaves its fields
 * null and its error in the record, so one broken structure never costs the rest of the sample.
 */
public final class SampleExtractor {

  /**
   * Bumped whenever extraction changes what it stores, so that samples stored by an older version
   * are extracted again instead of being skipped as known.
   */
  public static final int VERSION = 1;

  private SampleExtractor() {}

  public static SampleRecord extract(SampleBytes bytes, Fingerprint fingerprint, String path) {
    StageError error = null;
    FileType type = null;
    try {
      type = FileTypes.identify(bytes.data(), bytes.length());
    } catch (RuntimeException e) {
      error = stageError(Stage.MAGIC, e);
    }
    return new SampleRecord(
        fingerprint.sha256(),
        fingerprint.sha1(),
        fingerprint.md5(),
        fingerprint.size(),
        fingerprint.entropy(),
        type == null ? null : type.magic(),
        type == null ? null : type.mime(),
        List.of(SafeText.of(path)),
        error);
  }

  private static StageError stageError(Stage stage, RuntimeException e) {
    String message = e.getClass().getSimpleName() + ": " + e.getMessage();
    return new StageError(stage, SafeText.of(message));
  }
}
