package dev.merc.pipeline;

import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.joda.time.Duration;

/**
 * Ordering work after the database commit in the streaming modes (work queue, watch). JdbcIO's
 * write gives no per-element completion, but its (empty) result's watermark per window passes
 * only once every row of the window is committed. So inputs are windowed by the time they were
 * read, and what must follow the commit (the queue's XACK, the result stream) waits with
 * {@code Wait.on} for the commit signal of its window.
 */
final class CommitSignals {

  /** How long inputs are gathered before their followers can wait on one commit signal. */
  static final Duration WINDOW = Duration.standardSeconds(1);

  private CommitSignals() {}

  /**
   * Windows by read time. Nothing is ever late (inputs are stamped with the clock that is their
   * watermark); the explicit zero lateness lets Wait.on re-trigger these windows.
   */
  static <T> Window<T> byReadTime() {
    return Window.<T>into(FixedWindows.of(WINDOW)).withAllowedLateness(Duration.ZERO);
  }

  /** The signal that the rows of each window of {@code inputs} are committed. */
  static PCollection<Void> of(PCollection<Void> committed, PCollection<?> inputs) {
    return PCollectionList.of(committed)
        .and(inputs.apply("MarkWindows", ParDo.of(new MarkFn<>())).setCoder(VoidCoder.of()))
        .apply("CommitSignal", Flatten.pCollections())
        .apply(
            "KeepCommitWindows",
            // JdbcIO's batching forgets that the lateness was set; Wait.on needs it set.
            Window.<Void>configure().withAllowedLateness(Duration.ZERO));
  }

  /**
   * One empty marker per input. The commit signal itself has no elements, and the DirectRunner
   * never declares the side input of a window without elements ready; with the markers flattened
   * in, each input's window has one, and the flattened watermark still waits for the commit.
   */
  static class MarkFn<T> extends DoFn<T, Void> {
    @ProcessElement
    public void process(OutputReceiver<Void> out) {
      out.output(null);
    }
  }
}
