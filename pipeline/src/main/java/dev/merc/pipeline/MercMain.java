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
    PipelineResult result;
    MercOptions options;
    try {
      options = parse(args);
      if (isDirectRunner(options)) {
        tuneDirectRunner(options.as(DirectOptions.class), Arrays.asList(args));
      }
      result = MercPipeline.run(options);
    } catch (IllegalArgumentException e) {
      err.println("merc: " + e.getMessage());
      DataSources.closeAll();
      return EXIT_BAD_OPTION;
    }
    try {
      String notWaiting = Launches.notWaiting(options, result);
      if (notWaiting != null) {
        err.println("merc: " + notWaiting);
        return 0;
      }
      PipelineResult.State state =
          options.getProgress() && isDirectRunner(options)
              ? Progress.follow(result, start, err)
              : result.waitUntilFinish();
      RunCounts counts = RunCounts.of(result);
      err.println(Progress.summary(counts, Progress.seconds(start, System.nanoTime())));
      return state == PipelineResult.State.DONE ? 0 : EXIT_FAILED;
    } finally {
      DataSources.closeAll();
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

  static boolean isDirectRunner(MercOptions options) {
    return options.getRunner().getSimpleName().equals("DirectRunner");
  }
}
