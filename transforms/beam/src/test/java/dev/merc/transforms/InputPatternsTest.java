package dev.merc.transforms;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class InputPatternsTest {

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @BeforeClass
  public static void registerFileSystems() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  @Test
  public void directoriesAreReadRecursivelyAndFilesAndGlobsKept() throws Exception {
    Path dir = tmp.newFolder("samples").toPath();
    Path file = Files.writeString(dir.resolve("a.exe"), "x");
    String input = dir + " , " + file + "," + dir + "/*.exe," + dir + "/";
    assertEquals(
        List.of(dir + "/**", file.toString(), dir + "/*.exe"), InputPatterns.expand(input));
  }

  @Test
  public void reportsPatternsThatMatchNothing() throws Exception {
    Path dir = tmp.newFolder("samples").toPath();
    Files.writeString(dir.resolve("a.exe"), "x");
    List<String> patterns =
        InputPatterns.expand(dir + "," + dir + "/missing.exe," + dir + "/*.dll");
    assertEquals(
        List.of(dir + "/missing.exe", dir + "/*.dll"), InputPatterns.unmatched(patterns));
  }
}
