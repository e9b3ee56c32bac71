package dev.merc.transforms;

import java.io.IOException;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/**
 * Reads each archive that a pattern matches once, in order, spooling its selected entries (see
 * {@link ArchiveSpooler}) and emitting a small {@link SampleFile} for each, keyed by group like
 * matched files, so that they are extracted in parallel after the grouping.
 */
class SpoolArchiveEntriesFn extends DoFn<String, KV<String, SampleFile>> {

  private final ArchiveSpooler spooler;
  private final int filesPerGroup;

  SpoolArchiveEntriesFn(ArchiveSettings settings, int filesPerGroup) {
    this.spooler = new ArchiveSpooler(settings);
    this.filesPerGroup = filesPerGroup;
  }

  @ProcessElement
  public void process(@Element String pattern, OutputReceiver<KV<String, SampleFile>> out)
      throws IOException {
    for (Metadata archive : FileSystems.match(pattern, EmptyMatchTreatment.ALLOW).metadata()) {
      if (!archive.resourceId().isDirectory()) {
        String name = archive.resourceId().toString();
        long[] n = {0};
        spooler.spool(archive.resourceId(), spooler.selector(),
            file -> out.output(KV.of(name + "#" + (n[0]++ / filesPerGroup), file)));
      }
    }
  }
}
