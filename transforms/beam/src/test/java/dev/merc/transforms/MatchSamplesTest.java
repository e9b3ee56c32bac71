package dev.merc.transforms;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class MatchSamplesTest {

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void everyMatchedFileComesOutOnceWhateverTheGroupSize() throws Exception {
    Path dir = tmp.newFolder("in").toPath();
    Files.createDirectories(dir.resolve("sub"));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      Path f = Files.writeString(dir.resolve((i % 2 == 0 ? "" : "sub/") + "f" + i), "x" + i);
      expected.add(f.toString());
    }
    PCollection<SampleFile> files =
        pipeline.apply(new MatchSamples(List.of(dir + "/**", dir + "/sub/f1*")));
    List<String> withRepeats = new ArrayList<>(expected);
    // the second pattern matches f1, f11, f13, ... again: a file two patterns match comes twice
    for (String f : expected) {
      if (f.matches(".*/sub/f1\\d*$")) {
        withRepeats.add(f);
      }
    }
    PAssert.that(
            files.apply(
                MapElements.into(TypeDescriptors.strings()).via(SampleFile::path)))
        .containsInAnyOrder(withRepeats);
    pipeline.run().waitUntilFinish();
  }
}
