package dev.merc.transforms;

import java.io.Serializable;

/**
 * How archive inputs are read.
 *
 * @param password null or empty when the archives are not encrypted
 * @param entryGlob which entries are samples (see {@code EntrySelector})
 * @param maxSampleBytes entries larger than this become failure rows and are never spooled
 * @param spoolRoot a directory (any Beam filesystem) under which Merc makes its spool folders
 */
public record ArchiveSettings(
    String password, String entryGlob, long maxSampleBytes, String spoolRoot)
    implements Serializable {

  @Override
  public String toString() {
    // Keep the password out of logs and pipeline graphs.
    return "ArchiveSettings[entryGlob=" + entryGlob + ", maxSampleBytes=" + maxSampleBytes
        + ", spoolRoot=" + spoolRoot + "]";
  }
}
