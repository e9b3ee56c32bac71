package dev.merc.pipeline;

import org.apache.beam.sdk.PipelineResult;

/**
 * When main must not wait for the run: a staged Dataflow classic template (its result throws on
 * waitUntilFinish and has no metrics) and a launch told not to wait (a Flex Template launcher).
 */
final class Launches {

  private Launches() {}

  /** Returns why main returns at once after run(), or null when it should wait. */
  static String notWaiting(MercOptions options, PipelineResult result) {
    // By name: the pipeline module does not depend on the Dataflow runner.
    if (result.getClass().getSimpleName().equals("DataflowTemplateJob")) {
      return "template staged, not run; launch it with gcloud dataflow jobs run";
    }
    if (!options.getWaitUntilFinish()) {
      return "submitted (" + result.getClass().getSimpleName() + ", state " + state(result)
          + "); not waiting (--waitUntilFinish=false)";
    }
    return null;
  }

  private static String state(PipelineResult result) {
    try {
      return String.valueOf(result.getState());
    } catch (RuntimeException e) {
      return "unknown";
    }
  }
}
