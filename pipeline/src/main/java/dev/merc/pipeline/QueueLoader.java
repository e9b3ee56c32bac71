package dev.merc.pipeline;

import dev.merc.transforms.InputPatterns;
import dev.merc.transforms.RedisUrls;
import dev.merc.transforms.queue.QueueEntry;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.Validation;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.StreamEntryID;

/**
 * The loader command: lists the input's files (local, gs:// or any Beam filesystem) and adds one
 * entry {@code path=...} per file to the work-queue stream, for Merc's consumers
 * ({@code --queueStream}) to process. Items of the input that name archives (.7z, .zip, as in
 * {@code --input}) are queued once each, {@code path=... type=archive}: a consumer reads the
 * archive once, in order, and stores its entries, rather than decoding a solid archive up to each
 * entry again. It prints its progress on stderr.
 *
 * <pre>java -cp merc-direct.jar dev.merc.pipeline.QueueLoader --input=/data/samples</pre>
 */
public final class QueueLoader {

  public static final String DEFAULT_QUEUE = "merc:queue";

  /** Entries sent to Redis per round trip. */
  private static final int BATCH = 500;

  /** The loader's options. */
  public interface LoaderOptions extends PipelineOptions {
    @Description(
        "Samples to queue: files, directories (recursive), globs, comma-separated. Items ending"
            + " in .7z or .zip are archives, each queued once and read entry by entry.")
    @Validation.Required
    String getInput();

    void setInput(String value);

    @Description("Redis server: redis://[:password@]host:port.")
    @Default.String("redis://127.0.0.1:6379")
    String getRedisUrl();

    void setRedisUrl(String value);

    // No @Default: Beam wants the annotation alike on MercOptions, where an unset value means
    // "not in queue mode". DEFAULT_QUEUE applies instead.
    @Description("The work-queue stream to add the paths to. Default: merc:queue.")
    String getQueueStream();

    void setQueueStream(String value);
  }

  private QueueLoader() {}

  public static void main(String[] args) {
    System.exit(execute(args, System.err));
  }

  /** Queues the input's files and returns the exit code. */
  public static int execute(String[] args, PrintStream err) {
    PipelineOptionsFactory.register(LoaderOptions.class);
    LoaderOptions options;
    List<String> patterns;
    List<String> archives;
    try {
      options = PipelineOptionsFactory.fromArgs(args).withValidation().as(LoaderOptions.class);
      FileSystems.setDefaultPipelineOptions(options);
      patterns = InputPatterns.expand(options.getInput());
      archives = InputPatterns.archives(options.getInput());
      Modes.connect(options.getRedisUrl());
      if (options.getQueueStream() == null || options.getQueueStream().isBlank()) {
        options.setQueueStream(DEFAULT_QUEUE);
      }
    } catch (IllegalArgumentException e) {
      err.println("merc-loader: " + e.getMessage());
      return MercMain.EXIT_BAD_OPTION;
    }
    long queued = 0;
    boolean terminal = System.console() != null;
    List<String> sources = new ArrayList<>(patterns);
    sources.addAll(archives);
    try (Jedis jedis = RedisUrls.parse(options.getRedisUrl()).connect()) {
      for (String pattern : sources) {
        boolean archive = archives.contains(pattern);
        List<Metadata> files = list(pattern);
        for (int from = 0; from < files.size(); from += BATCH) {
          List<Metadata> batch = files.subList(from, Math.min(files.size(), from + BATCH));
          add(jedis, options.getQueueStream(), batch, archive);
          queued += batch.size();
          String line = String.format(Locale.ROOT, "merc-loader: %d queued on %s (%s: %d/%d)",
              queued, options.getQueueStream(), pattern, from + batch.size(), files.size());
          // Without a terminal, a line per 10,000 paths keeps logs readable.
          if (terminal || queued % 10_000 < batch.size()) {
            err.print(terminal ? "\r\033[K" + line : line + "\n");
            err.flush();
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      err.println((terminal ? "\n" : "") + "merc-loader: failed after " + queued + " paths: "
          + OptionChecks.rootMessage(e));
      return MercMain.EXIT_FAILED;
    }
    err.println((terminal ? "\r\033[K" : "") + "merc-loader: queued " + queued + " paths on "
        + options.getQueueStream());
    return 0;
  }

  private static List<Metadata> list(String pattern) throws IOException {
    List<Metadata> files = new ArrayList<>();
    for (Metadata m : FileSystems.match(pattern, EmptyMatchTreatment.ALLOW).metadata()) {
      if (!m.resourceId().isDirectory()) {
        files.add(m);
      }
    }
    return files;
  }

  /** One pipelined round trip: an XADD per path. */
  private static void add(Jedis jedis, String stream, List<Metadata> files, boolean archives) {
    Pipeline p = jedis.pipelined();
    for (Metadata file : files) {
      String path = file.resourceId().toString();
      p.xadd(stream, StreamEntryID.NEW_ENTRY, archives
          ? Map.of(QueueEntry.PATH_FIELD, path, QueueEntry.TYPE_FIELD, QueueEntry.ARCHIVE)
          : Map.of(QueueEntry.PATH_FIELD, path));
    }
    p.sync();
  }
}
