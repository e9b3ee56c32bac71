package dev.merc.pipeline;

import java.io.IOException;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricResults;
import org.joda.time.Duration;

/**
 * The runner's result of a Merc run, plus the run's archive spool folder (null when it reads no
 * archives), which {@link MercMain} removes once the job is over or leaves to it otherwise.
 */
public final class MercResult implements PipelineResult {

  private final PipelineResult result;
  private final RunSpool spool;

  MercResult(PipelineResult result, RunSpool spool) {
    this.result = result;
    this.spool = spool;
  }

  public RunSpool spool() {
    return spool;
  }

  @Override
  public State getState() {
    return result.getState();
  }

  @Override
  public State cancel() throws IOException {
    return result.cancel();
  }

  @Override
  public State waitUntilFinish(Duration duration) {
    return result.waitUntilFinish(duration);
  }

  @Override
  public State waitUntilFinish() {
    return result.waitUntilFinish();
  }

  @Override
  public MetricResults metrics() {
    return result.metrics();
  }

  /** The runner's own result, for runner-specific checks (templates, Flink job ids). */
  public PipelineResult unwrap() {
    return result;
  }
}
