package dev.merc.core.extract;

import dev.merc.core.strings.StringsOptions;
import java.io.Serializable;

/**
 * What the per-sample extraction may do. Serializable because pipeline workers carry it.
 *
 * @param minStringLength shortest static string kept
 * @param maxStrings most string items kept per sample (the counts stay exact)
 * @param maxStringBytes most characters of string items kept per sample
 */
public record ExtractionSettings(int minStringLength, int maxStrings, long maxStringBytes)
    implements Serializable {

  public ExtractionSettings {
    new StringsOptions(minStringLength, maxStrings, maxStringBytes); // validates
  }

  public static ExtractionSettings defaults() {
    StringsOptions d = StringsOptions.defaults();
    return new ExtractionSettings(d.minLength(), d.maxStrings(), d.maxStringBytes());
  }

  public StringsOptions stringsOptions() {
    return new StringsOptions(minStringLength, maxStrings, maxStringBytes);
  }
}
