package dev.merc.core.archive;

import java.io.IOException;
import java.io.InputStream;

/** Receives an archive's selected entries, one at a time and in archive order. */
@FunctionalInterface
public interface EntryVisitor {

  /**
   * Called once per selected file entry. {@code data} is valid only during the call; what is not
   * read of it is skipped.
   *
   * @param name the entry's name with {@code /} separators, exactly as the archive gives it
   * @param size the entry's declared size in bytes, or -1 when the archive does not say
   */
  void visit(String name, long size, InputStream data) throws IOException;
}
