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
 * pandas or DuckDB: {@code DIR/samples-SSSSS-of-NNNNN.jsonl}.
 */
public class WriteJsonLines extends PTransform<PCollection<SampleRecord>, PDone> {

  private final String directory;

  public WriteJsonLines(String directory) {
    this.directory = directory.endsWith("/") ? directory : directory + "/";
  }

  @Override
  public PDone expand(PCollection<SampleRecord> records) {
    return records
        .apply("EncodeJson", MapElements.into(TypeDescriptors.strings()).via(RecordJson::toJson))
        .apply("WriteLines", TextIO.write().to(directory + "samples").withSuffix(".jsonl"));
  }
}
