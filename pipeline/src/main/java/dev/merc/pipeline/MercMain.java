package dev.merc.pipeline;

import dev.merc.schema.DataSources;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** The command line: parse the options, run, follow progress, print the summary. */
public final class MercMain {

  static final int EXIT_BAD_OPTION = 2;
  static final int EXIT_FAILED = 1;

  private MercMain() {}

  public static void main(String[] args) throws Exception {
    System.exit(execute(args, System.err));
  }

  /** Runs Merc and returns the process exit code; main's logic, callable from tests. */
  public static int execute(String[] args, PrintStream err) throws InterruptedException {
    PipelineOptionsFactory.register(MercOptions.class);
    if (Arrays.asList(args).contains("--help")) {
      PipelineOptionsFactory.printHelp(System.out, MercOptions.class);
      return 0;
    }
    long start = System.nanoTime();
    MercResult result;
    MercOptions options;
    try {
      options = parse(args);
      if (OptionChecks.isDirectRunner(options)) {
        tuneDirectRunner(options.as(DirectOptions.class), Arrays.asList(args));
      }
      result = MercPipeline.run(options);
    } catch (IllegalArgumentException e) {
      err.println("merc: " + e.getMessage());
      DataSources.closeAll();
      return EXIT_BAD_OPTION;
    }
    boolean ended = false;
    try {
      if (result.spool() != null && !result.spool().swept().isEmpty()) {
        err.println("merc: removed the spool folders of earlier runs: " + result.spool().swept());
      }
      String notWaiting = Launches.notWaiting(options, result.unwrap());
      if (notWaiting != null) {
        err.println("merc: " + notWaiting);
        return 0;
      }
      // A DirectRunner job is over when its wait returns or throws; a cluster's only if it says so.
      ended = OptionChecks.isDirectRunner(options);
      PipelineResult.State state =
          options.getProgress() && OptionChecks.isDirectRunner(options)
              ? Progress.follow(result, start, err)
              : result.waitUntilFinish();
      ended = ended || (state != null && state.isTerminal());
      RunCounts counts = RunCounts.of(result);
      err.println(Progress.summary(counts, Progress.seconds(start, System.nanoTime())));
      return state == PipelineResult.State.DONE ? 0 : EXIT_FAILED;
    } finally {
      endSpool(result.spool(), ended, err);
      DataSources.closeAll();
    }
  }

  /** Removes the run's archive spool once the job is over; else leaves it to the job. */
  private static void endSpool(RunSpool spool, boolean ended, PrintStream err) {
    if (spool == null) {
      return;
    }
    try {
      if (ended) {
        spool.delete();
      } else {
        spool.release();
      }
    } catch (java.io.IOException e) {
      err.println("merc: could not remove the spool folder " + spool.folder() + ": " + e);
    }
  }

  /**
   * Returns from run() at once, so that the progress line can follow the metrics. Also turns off
   * the checks that re-encode every element at every step, unless asked for: they are for
   * developing DoFns, and on records of a few hundred KB they cost several times the extraction.
   */
  private static void tuneDirectRunner(DirectOptions direct, List<String> args) {
    direct.setBlockOnRun(false);
    if (args.stream().noneMatch(a -> a.startsWith("--enforceImmutability"))) {
      direct.setEnforceImmutability(false);
    }
    if (args.stream().noneMatch(a -> a.startsWith("--enforceEncodability"))) {
      direct.setEnforceEncodability(false);
    }
  }

  /**
   * Parses the arguments. Beam's messages for a malformed value do not say which option held it,
   * so on failure each argument is parsed alone to find and name the culprit.
   */
  static MercOptions parse(String[] args) {
    try {
      return PipelineOptionsFactory.fromArgs(args).withValidation().as(MercOptions.class);
    } catch (IllegalArgumentException e) {
      for (String arg : args) {
        try {
          PipelineOptionsFactory.fromArgs(arg).as(MercOptions.class);
        } catch (IllegalArgumentException culprit) {
          String name = arg.replaceFirst("^--", "").replaceFirst("=.*$", "");
          throw new InvalidOptionException(name, culprit.getMessage(), e);
        }
      }
      throw e;
    }
  }
}
