package dev.merc.transforms;

import dev.merc.core.record.Failure;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;

/**
 * One input on its way to extraction: a matched file, or an archive entry spooled to Merc's temp
 * folder. Small on purpose: the bytes stay on disk until {@link ExtractSamples} reads them.
 *
 * @param resource where to read the bytes (a Beam resource spec)
 * @param path what the record and the database call it: the file's path or {@code archive!entry}
 * @param spooled true when {@code resource} is Merc's spool copy, deleted once extracted
 * @param failure set when the input already failed (an archive that cannot be read, an entry over
 *     the cap); {@link ExtractSamples} then only routes it to the failures output
 * @param md5 the content md5 (lowercase hex) that the object's storage listed for it, or null;
 *     set by an {@link ObjectLister}, it lets {@link ExtractSamples} recognise a stored sample
 *     without reading it
 */
public record SampleFile(
    String resource, String path, long sizeBytes, boolean spooled, Failure failure, String md5) {

  /** An input without a listed md5. */
  public SampleFile(
      String resource, String path, long sizeBytes, boolean spooled, Failure failure) {
    this(resource, path, sizeBytes, spooled, failure, null);
  }

  public static SampleFile of(Metadata file) {
    String spec = file.resourceId().toString();
    return new SampleFile(spec, spec, file.sizeBytes(), false, null);
  }

  /** An object as its storage lists it: where it is, its size and its content md5 (or null). */
  public static SampleFile listed(String spec, long sizeBytes, String md5) {
    return new SampleFile(spec, spec, sizeBytes, false, null, md5);
  }

  public static SampleFile failed(Failure failure, long sizeBytes) {
    return new SampleFile(null, failure.path(), sizeBytes, false, failure);
  }
}
