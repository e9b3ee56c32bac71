package dev.merc.transforms;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;

public class SpreadEvenlyTest {

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  @Test
  public void keepsEveryElementExactlyOnce() {
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      values.add(i % 700);
    }
    PCollection<Integer> spread = pipeline.apply(Create.of(values)).apply(new SpreadEvenly<>(7));
    PAssert.that(spread).containsInAnyOrder(values);
    pipeline.run().waitUntilFinish();
  }
}
