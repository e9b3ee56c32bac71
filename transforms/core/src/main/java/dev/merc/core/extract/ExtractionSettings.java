package dev.merc.core.extract;

import dev.merc.core.strings.StringsOptions;
import java.io.Serializable;

/**
 * What the per-sample extraction may do. Serializable because pipeline workers carry it.
 *
 * @param minStringLength shortest static string kept
 * @param maxStrings most string items kept per sample (the counts stay exact)
 * @param maxStringBytes most characters of string items kept per sample
 * @param metadataOnly only the hashes, size, entropy, byte statistics and file type: no PE
 *     structure, strings or fuzzy hashes
 */
public record ExtractionSettings(
    int minStringLength, int maxStrings, long maxStringBytes, boolean metadataOnly)
    implements Serializable {

  public ExtractionSettings {
    new StringsOptions(minStringLength, maxStrings, maxStringBytes); // validates
  }

  public ExtractionSettings(int minStringLength, int maxStrings, long maxStringBytes) {
    this(minStringLength, maxStrings, maxStringBytes, false);
  }

  public static ExtractionSettings defaults() {
    StringsOptions d = StringsOptions.defaults();
    return new ExtractionSettings(d.minLength(), d.maxStrings(), d.maxStringBytes());
  }

  /**
   * The extractor version that records made under these settings are stored with, and that a
   * stored sample needs to be skipped as known: a metadata-only record is stored as version
   * {@link SampleExtractor#METADATA_ONLY_VERSION}, so that a later full run extracts it again.
   */
  public int storedVersion() {
    return metadataOnly ? SampleExtractor.METADATA_ONLY_VERSION : SampleExtractor.VERSION;
  }

  public StringsOptions stringsOptions() {
    return new StringsOptions(minStringLength, maxStrings, maxStringBytes);
  }
}
