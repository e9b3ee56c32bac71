package dev.merc.core.record;

import dev.merc.core.text.SafeText;

/**
 * A matched input that produced no sample record: the row of the failures table.
 *
 * @param errorClass the simple name of the exception that ended the work on this input
 */
public record Failure(String path, Stage stage, String errorClass, String message) {

  public static Failure of(String path, Stage stage, Throwable cause) {
    String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    return new Failure(
        SafeText.of(path), stage, cause.getClass().getSimpleName(), SafeText.of(message));
  }
}
