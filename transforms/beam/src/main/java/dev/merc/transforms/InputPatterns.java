package dev.merc.transforms;

import dev.merc.core.archive.ArchiveFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * Turns the {@code --input} value into match patterns: a comma-separated list of files,
 * directories (read recursively) and globs, on any filesystem Beam has registered. Items that end
 * in .7z or .zip are archives, read entry by entry instead (see {@link #archives}). A file that
 * two different patterns match is processed twice; that is harmless, as every write is an upsert.
 */
public final class InputPatterns {

  private InputPatterns() {}

  /** Call after {@link FileSystems#setDefaultPipelineOptions}, so that gs:// and others resolve. */
  public static List<String> expand(String input) {
    Set<String> patterns = new LinkedHashSet<>();
    for (String item : input.split(",")) {
      String spec = item.trim();
      if (!spec.isEmpty() && !isArchive(spec)) {
        patterns.add(toPattern(spec));
      }
    }
    return List.copyOf(patterns);
  }

  /** The items of the list that name archives (.7z, .zip, or a glob of them): read entry by entry. */
  public static List<String> archives(String input) {
    Set<String> archives = new LinkedHashSet<>();
    for (String item : input.split(",")) {
      String spec = item.trim();
      if (isArchive(spec)) {
        archives.add(spec);
      }
    }
    return List.copyOf(archives);
  }

  static boolean isArchive(String spec) {
    return ArchiveFormat.of(spec).isPresent();
  }

  /** The patterns that match no file at all, for a clear error before the pipeline starts. */
  public static List<String> unmatched(List<String> patterns) {
    List<String> empty = new ArrayList<>();
    for (String pattern : patterns) {
      if (match(pattern).isEmpty()) {
        empty.add(pattern);
      }
    }
    return empty;
  }

  static boolean hasGlob(String spec) {
    return spec.indexOf('*') >= 0 || spec.indexOf('?') >= 0 || spec.indexOf('[') >= 0
        || spec.indexOf('{') >= 0;
  }

  private static String toPattern(String spec) {
    if (hasGlob(spec)) {
      return spec;
    }
    if (spec.endsWith("/")) {
      return spec + "**";
    }
    List<MatchResult.Metadata> exact = match(spec);
    boolean isDirectory = exact.size() == 1 && exact.get(0).resourceId().isDirectory();
    // Object stores have no directories: a prefix that matches nothing itself is read as one.
    boolean isPrefix = exact.isEmpty() && !match(spec + "/**").isEmpty();
    return isDirectory || isPrefix ? spec + "/**" : spec;
  }

  private static List<MatchResult.Metadata> match(String pattern) {
    try {
      MatchResult result = FileSystems.match(List.of(pattern)).get(0);
      return result.status() == MatchResult.Status.OK ? result.metadata() : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + pattern, e);
    }
  }
}
