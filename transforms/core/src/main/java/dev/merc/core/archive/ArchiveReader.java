package dev.merc.core.archive;

import dev.merc.core.archive.ArchiveException.Reason;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import net.lingala.zip4j.exception.ZipException;
import net.lingala.zip4j.io.inputstream.ZipInputStream;
import net.lingala.zip4j.model.LocalFileHeader;
import org.apache.commons.compress.MemoryLimitException;
import org.apache.commons.compress.PasswordRequiredException;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZFile;

/**
 * Reads an archive once, front to back, and hands each selected entry to a visitor. A solid 7z
 * can only be decoded in order, so this is the one way Merc reads archives. Every failure of the
 * archive's bytes (password, corruption, truncation) becomes one {@link ArchiveException}; the
 * entries visited before it stay visited.
 */
public final class ArchiveReader {

  /** The most decoder memory a 7z header may ask for (LZMA dictionaries), whatever the heap. */
  static final int MAX_7Z_MEMORY_KIB = 1024 * 1024;

  /** How much of the first selected entry {@link #probe} reads: small entries are read whole. */
  static final int PROBE_BYTES = 1 << 20;

  private ArchiveReader() {}

  /**
   * @param name the archive's name for messages
   * @param password null or empty for none
   * @return how many entries were visited
   */
  public static long read(
      ArchiveFormat format,
      SeekableByteChannel channel,
      String name,
      String password,
      EntrySelector selector,
      EntryVisitor visitor)
      throws IOException {
    char[] secret = secret(password);
    return switch (format) {
      case SEVEN_ZIP -> readSevenZip(channel, name, secret, selector, visitor);
      case ZIP -> readZip(channel, name, secret, selector, visitor);
    };
  }

  /**
   * Opens the archive and reads the first selected entry's first bytes (all of it when small, so
   * that its checksum is verified): enough to tell a wrong password before a run starts.
   *
   * @throws ArchiveException what {@link #read} would fail with on that much of the archive
   */
  public static void probe(
      ArchiveFormat format,
      SeekableByteChannel channel,
      String name,
      String password,
      EntrySelector selector)
      throws IOException {
    try {
      read(format, channel, name, password, selector, (entry, size, data) -> {
        long want = size < 0 ? PROBE_BYTES : Math.min(size, PROBE_BYTES);
        int got = data.readNBytes((int) want).length;
        if (size >= 0 && got < want) {
          // An AES 7z decoded with the wrong key can also end early, without any error.
          boolean keyed = format == ArchiveFormat.SEVEN_ZIP && secret(password) != null;
          throw new ArchiveException(name, keyed ? Reason.WRONG_PASSWORD_OR_CORRUPT
              : Reason.TRUNCATED, new EOFException("entry " + entry + " ends before its size"));
        }
        throw new ProbeDone();
      });
    } catch (ProbeDone done) {
      // The first selected entry decoded: the password is right.
    }
  }

  /** Ends a probe after its first entry; never leaves this class. */
  private static final class ProbeDone extends IOException {
    ProbeDone() {
      super("probe done");
    }
  }

  /**
   * The 7z decoder memory cap: a quarter of the heap, at most 1 GiB, so that a header asking for
   * a huge dictionary is refused as an archive failure instead of running the worker out of heap.
   */
  static int sevenZipMemoryLimitKiB(long maxHeapBytes) {
    return (int) Math.min(MAX_7Z_MEMORY_KIB, maxHeapBytes / 4 / 1024);
  }

  private static char[] secret(String password) {
    return password == null || password.isEmpty() ? null : password.toCharArray();
  }

  private static long readSevenZip(
      SeekableByteChannel channel, String name, char[] password, EntrySelector selector,
      EntryVisitor visitor) throws IOException {
    long visited = 0;
    SevenZFile archive;
    try {
      archive = SevenZFile.builder()
          .setSeekableByteChannel(channel)
          .setDefaultName("entry")
          .setPassword(password)
          .setMaxMemoryLimitKiB(sevenZipMemoryLimitKiB(Runtime.getRuntime().maxMemory()))
          .get();
    } catch (IOException | RuntimeException e) {
      throw sevenZipError(name, password, e);
    }
    try (archive) {
      SevenZArchiveEntry entry;
      while ((entry = next(archive, name, password)) != null) {
        String entryName = normalize(entry.getName());
        if (entry.isDirectory() || entry.isAntiItem() || !selector.isSample(entryName)) {
          continue;
        }
        long size = entry.getSize();
        visitor.visit(entryName, size, guard(new SevenZEntryStream(archive), name, password));
        visited++;
      }
    }
    return visited;
  }

  private static SevenZArchiveEntry next(SevenZFile archive, String name, char[] password)
      throws ArchiveException {
    try {
      return archive.getNextEntry();
    } catch (IOException | RuntimeException e) {
      throw sevenZipError(name, password, e);
    }
  }

  static ArchiveException sevenZipError(String name, char[] password, Throwable e) {
    if (e instanceof ArchiveException a) {
      return a;
    }
    if (e instanceof PasswordRequiredException) {
      return new ArchiveException(name, Reason.PASSWORD_REQUIRED, e);
    }
    String message = String.valueOf(e.getMessage()).toLowerCase();
    // A start header pointing past the end of the file means the file was cut short.
    if (e instanceof EOFException || message.contains("truncated")
        || message.contains("out of bounds")) {
      return new ArchiveException(name, Reason.TRUNCATED, e);
    }
    if (e instanceof MemoryLimitException) {
      return new ArchiveException(name, Reason.TOO_MUCH_MEMORY, e);
    }
    // Commons Compress says so for coders it lacks (e.g. BCJ2, PPMd, ARM64 filters).
    if (message.startsWith("unsupported compression method")) {
      return new ArchiveException(name, Reason.UNSUPPORTED, e);
    }
    return new ArchiveException(
        name, password == null ? Reason.CORRUPT : Reason.WRONG_PASSWORD_OR_CORRUPT, e);
  }

  private static long readZip(
      SeekableByteChannel channel, String name, char[] password, EntrySelector selector,
      EntryVisitor visitor) throws IOException {
    long visited = 0;
    InputStream raw = new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
    try (ZipInputStream zip = new ZipInputStream(raw, password)) {
      while (true) {
        LocalFileHeader header;
        try {
          header = zip.getNextEntry();
        } catch (IOException | RuntimeException e) {
          throw zipError(name, password, e);
        }
        if (header == null) {
          return visited;
        }
        String entryName = normalize(header.getFileName());
        if (header.isDirectory() || !selector.isSample(entryName)) {
          continue;
        }
        // With a data descriptor, the local header's sizes are zero placeholders.
        long size = header.isDataDescriptorExists() ? -1 : header.getUncompressedSize();
        visitor.visit(entryName, size, guard(zip, name, password));
        visited++;
      }
    }
  }

  static ArchiveException zipError(String name, char[] password, Throwable e) {
    if (e instanceof ArchiveException a) {
      return a;
    }
    if (e instanceof ZipException z && z.getType() == ZipException.Type.WRONG_PASSWORD) {
      return new ArchiveException(
          name, password == null ? Reason.PASSWORD_REQUIRED : Reason.WRONG_PASSWORD, e);
    }
    String message = String.valueOf(e.getMessage()).toLowerCase();
    if (message.contains("password")) {
      return new ArchiveException(
          name, password == null ? Reason.PASSWORD_REQUIRED : Reason.WRONG_PASSWORD, e);
    }
    if (e instanceof EOFException || message.contains("end of stream") || message.contains("eof")) {
      return new ArchiveException(name, Reason.TRUNCATED, e);
    }
    return new ArchiveException(name, Reason.CORRUPT, e);
  }

  /** Archives written on Windows may use backslashes; Merc's names always use {@code /}. */
  static String normalize(String entryName) {
    return entryName == null ? "entry" : entryName.replace('\\', '/');
  }

  /** Turns a decoding failure met while the visitor reads an entry into an ArchiveException. */
  private static InputStream guard(InputStream in, String name, char[] password) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        try {
          return in.read(b, off, len);
        } catch (IOException | RuntimeException e) {
          throw in instanceof ZipInputStream
              ? zipError(name, password, e) : sevenZipError(name, password, e);
        }
      }
    };
  }

  /** The current 7z entry's bytes; SevenZFile.read decodes the entry it is positioned on. */
  private static final class SevenZEntryStream extends InputStream {
    private final SevenZFile archive;

    SevenZEntryStream(SevenZFile archive) {
      this.archive = archive;
    }

    @Override
    public int read() throws IOException {
      return archive.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return archive.read(b, off, len);
    }
  }
}
