package dev.merc.transforms;

import dev.merc.core.record.RecordJson;
import dev.merc.core.record.SampleRecord;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes each extracted sample record as one JSON object per line, in the spec's field names, for
 * pandas or DuckDB: {@code DIR/samples-RUNID-SSSSS-of-NNNNN.jsonl}. The run id keeps the shards of
 * one run together and apart from those of earlier runs into the same folder, whose shard count
 * may differ.
 */
public class WriteJsonLines extends PTransform<PCollection<SampleRecord>, PDone> {

  private final String directory;
  private final String runId;

  public WriteJsonLines(String directory, String runId) {
    this.directory = directory.endsWith("/") ? directory : directory + "/";
    this.runId = runId;
  }

  @Override
  public PDone expand(PCollection<SampleRecord> records) {
    return records
        .apply("EncodeJson", MapElements.into(TypeDescriptors.strings()).via(RecordJson::toJson))
        .apply("WriteLines",
            TextIO.write().to(directory + "samples-" + runId).withSuffix(".jsonl"));
  }
}
