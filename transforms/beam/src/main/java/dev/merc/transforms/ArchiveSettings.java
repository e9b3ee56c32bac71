package dev.merc.transforms;

import dev.merc.schema.DatabaseConfig;
import java.io.Serializable;

/**
 * How archive inputs are read.
 *
 * @param password null or empty when the archives are not encrypted
 * @param entryGlob which entries are samples (see {@code EntrySelector})
 * @param maxSampleBytes entries larger than this become failure rows and are never spooled
 * @param spoolRoot a directory (any Beam filesystem) under which Merc makes its spool folders
 * @param database where an archive's failures row from an earlier run is cleared once the archive
 *     is read to its end; null for none
 */
public record ArchiveSettings(
    String password, String entryGlob, long maxSampleBytes, String spoolRoot,
    DatabaseConfig database)
    implements Serializable {

  public ArchiveSettings(String password, String entryGlob, long maxSampleBytes,
      String spoolRoot) {
    this(password, entryGlob, maxSampleBytes, spoolRoot, null);
  }

  @Override
  public String toString() {
    // Keep the password out of logs and pipeline graphs.
    return "ArchiveSettings[entryGlob=" + entryGlob + ", maxSampleBytes=" + maxSampleBytes
        + ", spoolRoot=" + spoolRoot + "]";
  }
}
