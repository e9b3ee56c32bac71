package dev.merc.pipeline;

/** A bad option value; its message names the option, for a one-line error. */
public class InvalidOptionException extends IllegalArgumentException {

  public InvalidOptionException(String option, String problem) {
    super("--" + option + ": " + problem);
  }

  public InvalidOptionException(String option, String problem, Throwable cause) {
    super("--" + option + ": " + problem, cause);
  }
}
