package dev.merc.transforms;

import java.util.concurrent.ThreadLocalRandom;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * A fusion break into a fixed number of random groups. Unlike {@code Reshuffle}, whose trigger
 * makes the DirectRunner emit (and so commit) every element as its own bundle, this keeps a
 * bundle per group there, while other runners still spread the groups over their workers.
 */
public class SpreadEvenly<T> extends PTransform<PCollection<T>, PCollection<T>> {

  private final int groups;

  public SpreadEvenly(int groups) {
    this.groups = groups;
  }

  @Override
  public PCollection<T> expand(PCollection<T> input) {
    return input
        .apply("AssignGroups", ParDo.of(new AssignGroupFn<T>(groups)))
        .setCoder(KvCoder.of(VarIntCoder.of(), input.getCoder()))
        .apply("GroupByGroup", GroupByKey.create())
        .apply("Ungroup", ParDo.of(new UngroupFn<T>()))
        .setCoder(input.getCoder());
  }

  /** Keys each element with a random group number. */
  static class AssignGroupFn<T> extends DoFn<T, KV<Integer, T>> {
    private final int groups;

    AssignGroupFn(int groups) {
      this.groups = groups;
    }

    @ProcessElement
    public void process(@Element T element, OutputReceiver<KV<Integer, T>> out) {
      out.output(KV.of(ThreadLocalRandom.current().nextInt(groups), element));
    }
  }

  /** Emits the elements of one group again, one by one. */
  static class UngroupFn<T> extends DoFn<KV<Integer, Iterable<T>>, T> {
    @ProcessElement
    public void process(@Element KV<Integer, Iterable<T>> group, OutputReceiver<T> out) {
      for (T element : group.getValue()) {
        out.output(element);
      }
    }
  }
}
