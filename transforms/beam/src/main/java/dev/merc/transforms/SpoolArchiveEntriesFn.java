package dev.merc.transforms;

import java.io.IOException;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;
import org.apache.beam.sdk.transforms.DoFn;

/**
 * Reads each archive that a pattern matches once, in order, spooling its selected entries (see
 * {@link ArchiveSpooler}) and emitting a small {@link SampleFile} for each, like a matched file,
 * so that they are extracted in parallel after {@link ExtractSamples}' grouping.
 */
class SpoolArchiveEntriesFn extends DoFn<String, SampleFile> {

  private final ArchiveSpooler spooler;

  SpoolArchiveEntriesFn(ArchiveSettings settings) {
    this.spooler = new ArchiveSpooler(settings);
  }

  @ProcessElement
  public void process(@Element String pattern, OutputReceiver<SampleFile> out)
      throws IOException {
    for (Metadata archive : FileSystems.match(pattern, EmptyMatchTreatment.ALLOW).metadata()) {
      if (!archive.resourceId().isDirectory()) {
        spooler.spool(archive.resourceId(), spooler.selector(), out::output);
      }
    }
  }
}
