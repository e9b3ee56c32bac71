package dev.merc.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.merc.core.extract.SampleExtractor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * --metadataOnly stores the hashes and file type alone, as a version a later full run extracts
 * again; a metadata-only run over fully stored samples finds them known.
 */
public class MetadataOnlyTest {

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void aLaterFullRunCompletesWhatAMetadataRunStored() throws Exception {
    Path demo = EndToEndTest.demo();
    int files;
    try (Stream<Path> all = Files.list(demo)) {
      files = (int) all.filter(p -> p.toString().matches(".*\\.(exe|dll)$")).count();
    }
    String url = "jdbc:sqlite:" + tmp.getRoot().toPath().resolve("merc.db");
    String input = "--input=" + demo + "/*.exe," + demo + "/*.dll";
    String db = "--jdbcUrl=" + url;

    MercRun quick = MercRun.of(input, db, "--progress=false", "--metadataOnly");
    assertEquals(quick.stderr, 0, quick.exitCode);
    assertTrue(quick.summary(), quick.summary().contains("stored " + files + ", duplicates 0,"));
    assertEquals(files, count(url, "extractor_version = " + SampleExtractor.METADATA_ONLY_VERSION
        + " AND magic LIKE 'PE32%' AND length(sha1) = 40 AND length(md5) = 32 AND pe IS NULL"
        + " AND strings_ascii IS NULL AND ssdeep IS NULL AND byte_histogram IS NOT NULL"));

    MercRun full = MercRun.of(input, db, "--progress=false");
    assertEquals(full.stderr, 0, full.exitCode);
    assertTrue("extracted again: " + full.summary(),
        full.summary().contains("stored " + files + ", duplicates 0,"));
    assertEquals(files, count(url, "extractor_version = " + SampleExtractor.VERSION
        + " AND pe IS NOT NULL AND strings_ascii IS NOT NULL AND ssdeep IS NOT NULL"));

    MercRun again = MercRun.of(input, db, "--progress=false", "--metadataOnly");
    assertTrue("full records are known to a metadata run: " + again.summary(),
        again.summary().contains("stored 0, duplicates " + files + ","));
    assertEquals("and stay full", files,
        count(url, "extractor_version = " + SampleExtractor.VERSION));
  }

  private static long count(String url, String where) throws Exception {
    return MercRun.count(url, null, "SELECT count(*) FROM samples WHERE " + where);
  }
}
