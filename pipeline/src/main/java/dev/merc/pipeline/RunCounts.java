package dev.merc.pipeline;

import dev.merc.transforms.MercMetrics;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/** A snapshot of Merc's counters, read from the runner's metrics. */
public record RunCounts(
    long matchedFiles, long matchedBytes, long stored, long known, long failed, long doneBytes) {

  public long doneFiles() {
    return stored + known + failed;
  }

  /** The accounting rule: every matched file ends stored, known or failed. */
  public boolean addsUp() {
    return matchedFiles == doneFiles();
  }

  /**
   * Reads attempted values, which every runner reports while running; committed values are not
   * available on all of them.
   */
  public static RunCounts of(PipelineResult result) {
    MetricQueryResults metrics =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace(MercMetrics.NAMESPACE))
                    .build());
    long[] values = new long[6];
    for (MetricResult<Long> counter : metrics.getCounters()) {
      int slot =
          switch (counter.getName().getName()) {
            case MercMetrics.MATCHED_FILES -> 0;
            case MercMetrics.MATCHED_BYTES -> 1;
            case MercMetrics.STORED -> 2;
            case MercMetrics.KNOWN -> 3;
            case MercMetrics.FAILED -> 4;
            case MercMetrics.DONE_BYTES -> 5;
            default -> -1;
          };
      if (slot >= 0) {
        values[slot] += counter.getAttempted();
      }
    }
    return new RunCounts(values[0], values[1], values[2], values[3], values[4], values[5]);
  }
}
