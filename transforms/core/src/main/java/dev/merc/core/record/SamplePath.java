package dev.merc.core.record;

/** A path at which an already-stored sample was seen again: only the path row is written. */
public record SamplePath(String sha256, String path) {}
