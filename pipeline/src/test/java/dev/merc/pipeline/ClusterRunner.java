package dev.merc.pipeline;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.PipelineRunner;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Stands for a runner other than the DirectRunner (Flink, Dataflow) in option checks that depend
 * on it. It runs nothing: reaching {@link #run} means every check before the run passed.
 */
public class ClusterRunner extends PipelineRunner<PipelineResult> {

  static final String REACHED = "ClusterRunner reached: the options passed every check";

  public static ClusterRunner fromOptions(PipelineOptions options) {
    return new ClusterRunner();
  }

  @Override
  public PipelineResult run(Pipeline pipeline) {
    throw new IllegalArgumentException(REACHED);
  }
}
