package dev.merc.core.record;

/**
 * A path at which an already-stored sample was seen again: only the path row is written. It also
 * carries what the stored record says of the sample, for the result stream's summary.
 *
 * @param size the sample's size in bytes, or -1 when not known
 * @param magic the stored record's {@code magic}, or null
 * @param imphash the stored record's {@code imphash}, or null (not a PE)
 */
public record SamplePath(String sha256, String path, long size, String magic, String imphash) {

  /** Only the row's two columns. */
  public SamplePath(String sha256, String path) {
    this(sha256, path, -1, null, null);
  }
}
