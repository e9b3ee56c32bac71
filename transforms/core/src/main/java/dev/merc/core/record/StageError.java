package dev.merc.core.record;

/** A stage that failed for a sample whose other fields could still be stored. */
public record StageError(Stage stage, String message) {}
