package dev.merc.pipeline;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Everything a Merc run can be told. {@link OptionChecks} rejects bad values by option name. */
public interface MercOptions extends PipelineOptions {

  @Description(
      "Samples to process: a file, a directory (read recursively), a glob, or a comma-separated"
          + " list of these. Local paths or any Beam filesystem, e.g. gs://bucket/prefix/**."
          + " Required unless --queueStream is given.")
  String getInput();

  void setInput(String value);

  @Description(
      "JDBC URL of the database: jdbc:sqlite:FILE (the default, an embedded file in the working"
          + " directory) or jdbc:postgresql://host:port/db.")
  @Default.String("jdbc:sqlite:merc.db")
  String getJdbcUrl();

  void setJdbcUrl(String value);

  @Description("Database user. Default: the environment variable MERC_JDBC_USERNAME.")
  @Default.InstanceFactory(EnvUsername.class)
  String getJdbcUsername();

  void setJdbcUsername(String value);

  @Description("Database password. Default: the environment variable MERC_JDBC_PASSWORD.")
  @Default.InstanceFactory(EnvPassword.class)
  String getJdbcPassword();

  void setJdbcPassword(String value);

  @Description("Database connections per worker JVM (Postgres; SQLite always has one writer).")
  @Default.Integer(4)
  int getJdbcPoolSize();

  void setJdbcPoolSize(int value);

  @Description(
      "Most rows per JDBC batch, and so per transaction. A writer holds a batch's records in"
          + " memory, a few hundred KB each with their strings.")
  @Default.Integer(100)
  int getJdbcBatchSize();

  void setJdbcBatchSize(int value);

  @Description("Create or migrate the schema with Flyway before the run. Set false where the"
      + " launcher cannot change the schema; it must then already be current.")
  @Default.Boolean(true)
  boolean getInitSchema();

  void setInitSchema(boolean value);

  @Description(
      "Skip the extraction of samples the database already holds from this extractor version:"
          + " only their new paths are recorded. Set false to extract and rewrite every sample.")
  @Default.Boolean(true)
  boolean getSkipKnown();

  void setSkipKnown(boolean value);

  @Description(
      "With --skipKnown, objects whose storage lists a content md5 (gs:// with merc-dataflow.jar)"
          + " and whose md5 and size match exactly one stored sample are not downloaded: only"
          + " their paths are recorded. Set false to read and hash every object (md5 collisions"
          + " of equal size can be crafted).")
  @Default.Boolean(true)
  boolean getSkipKnownByMd5();

  void setSkipKnownByMd5(boolean value);

  @Description("Files larger than this many bytes become failure rows instead of being read.")
  @Default.Long(256L * 1024 * 1024)
  long getMaxSampleBytes();

  void setMaxSampleBytes(long value);

  @Description(
      "Store only the hashes, size, entropy, byte statistics and file type of each sample, no PE"
          + " structure, strings or fuzzy hashes: a fast first look at a collection. Samples so"
          + " stored are extracted in full by a later run without this option.")
  @Default.Boolean(false)
  boolean getMetadataOnly();

  void setMetadataOnly(boolean value);

  @Description("Shortest static string kept, in characters (ASCII and UTF-16LE).")
  @Default.Integer(4)
  int getMinStringLength();

  void setMinStringLength(int value);

  @Description("Most string items kept per sample; the counts still cover every string.")
  @Default.Integer(20_000)
  int getMaxStrings();

  void setMaxStrings(int value);

  @Description("Most characters of string items kept per sample; the counts still cover all.")
  @Default.Long(4L * 1024 * 1024)
  long getMaxStringBytes();

  void setMaxStringBytes(long value);

  @Description(
      "A sample whose extraction takes longer than this many seconds is stored with its hashes"
          + " and an error instead of its features, so that no file can stall the run.")
  @Default.Integer(60)
  int getSampleTimeoutSeconds();

  void setSampleTimeoutSeconds(int value);

  @Description(
      "Also write every sample record extracted in this run as JSON Lines into this directory"
          + " (samples-RUNID-*.jsonl, RUNID the run's start time in UTC and a random suffix),"
          + " beside the database.")
  @Default.String("")
  String getJsonOutput();

  void setJsonOutput(String value);

  @Description(
      "After matching, files are dealt into groups of this many: a group is the unit of work a"
          + " worker takes, so keep files / filesPerGroup several times the parallelism. 0 (the"
          + " default) lets Merc choose: on the DirectRunner, two groups per thread, dealt round"
          + " robin, which keeps memory flat; on other runners, 64 files per group.")
  @Default.Integer(0)
  int getFilesPerGroup();

  void setFilesPerGroup(int value);

  @Description("Show a live progress line on stderr while the DirectRunner runs.")
  @Default.Boolean(true)
  boolean getProgress();

  void setProgress(boolean value);

  @Description(
      "Wait for the run to finish and print its summary. Set false to return once the job is"
          + " submitted (a Flex Template launch must return). Default: the environment variable"
          + " MERC_WAIT_UNTIL_FINISH, else true. A staged classic template never waits.")
  @Default.InstanceFactory(EnvWait.class)
  boolean getWaitUntilFinish();

  void setWaitUntilFinish(boolean value);

  /** Lets an image (the Flex Template launcher) turn waiting off without a visible parameter. */
  class EnvWait implements DefaultValueFactory<Boolean> {
    @Override
    public Boolean create(PipelineOptions options) {
      return !"false".equalsIgnoreCase(System.getenv("MERC_WAIT_UNTIL_FINISH"));
    }
  }

  @Description(
      "Password of the .7z and .zip archives named in --input (AES 7z, ZipCrypto or AES zip)."
          + " Default: the environment variable MERC_ARCHIVE_PASSWORD.")
  @Default.InstanceFactory(EnvArchivePassword.class)
  String getArchivePassword();

  void setArchivePassword(String value);

  @Description(
      "Which entries of the archives are samples: ** any path, * and ? within one path segment,"
          + " e.g. */samples/*. Folders and the dataset's samples.csv files never are.")
  @Default.String("**")
  String getArchiveEntryGlob();

  void setArchiveEntryGlob(String value);

  @Description(
      "Load this label CSV of the PE Malware Machine Learning Dataset (samples.csv or"
          + " samples-augmented.csv) into the labels table before the run.")
  @Default.String("")
  String getLabelsCsv();

  void setLabelsCsv(String value);

  /** Keeps the archive password out of process listings. */
  class EnvArchivePassword implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      return System.getenv("MERC_ARCHIVE_PASSWORD");
    }
  }

  @Description("Redis server for --resultStream and --queueStream: redis://[:password@]host:port.")
  @Default.String("redis://127.0.0.1:6379")
  String getRedisUrl();

  void setRedisUrl(String value);

  @Description(
      "Also publish a summary of every input (sha256, path, size, magic, imphash, status,"
          + " error_stage) to this Redis stream with XADD, e.g. merc:samples. Off when empty.")
  @Default.String("")
  String getResultStream();

  void setResultStream(String value);

  @Description("Trim the result stream to about this many entries (approximate MAXLEN).")
  @Default.Long(100_000)
  long getResultStreamMaxLen();

  void setResultStreamMaxLen(long value);

  @Description(
      "Work-queue mode: run as a streaming job that processes the sample paths queued on this"
          + " Redis stream (see dev.merc.pipeline.QueueLoader), e.g. merc:queue. Replaces --input.")
  String getQueueStream();

  void setQueueStream(String value);

  @Description("The consumer group that the work-queue consumers share.")
  @Default.String("merc")
  String getQueueGroup();

  void setQueueGroup(String value);

  @Description(
      "An entry left pending this long by a consumer of another job (crashed, presumably) is"
          + " claimed: e.g. 30s, 5m, 1h. Must exceed the time an entry can wait in a live"
          + " consumer: about --queueMaxInFlight samples' processing.")
  @Default.String("5m")
  String getQueueClaimIdle();

  void setQueueClaimIdle(String value);

  @Description(
      "Most queue entries one consumer holds delivered but not yet acknowledged; it reads more"
          + " only as acknowledgements come in.")
  @Default.Integer(256)
  int getQueueMaxInFlight();

  void setQueueMaxInFlight(int value);

  @Description(
      "A queue entry already delivered this many times (its consumers died on it) is not"
          + " processed again: it gets a failures row (stage queue) and moves to"
          + " <queueStream>:dead.")
  @Default.Integer(5)
  int getQueueMaxDeliveries();

  void setQueueMaxDeliveries(int value);

  @Description(
      "Keep watching the input directories, listing them again at this interval (e.g. 30s, 5m),"
          + " and process files that appear. Runs until cancelled. Off when empty.")
  @Default.String("")
  String getWatch();

  void setWatch(String value);

  /** Reads the user from the environment, so that it need not be on the command line. */
  class EnvUsername implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      return System.getenv("MERC_JDBC_USERNAME");
    }
  }

  /** Reads the password from the environment, so that it stays out of process listings. */
  class EnvPassword implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      return System.getenv("MERC_JDBC_PASSWORD");
    }
  }
}
