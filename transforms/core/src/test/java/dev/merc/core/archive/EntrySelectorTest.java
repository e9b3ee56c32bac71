package dev.merc.core.archive;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class EntrySelectorTest {

  @Test
  public void globsAndLabelFiles() {
    EntrySelector all = new EntrySelector("**");
    assertTrue(all.isSample("pe-machine-learning-dataset/samples/1234"));
    assertTrue(all.isSample("top"));
    assertFalse(all.isSample("pe-machine-learning-dataset/samples.csv"));
    assertFalse(all.isSample("pe-machine-learning-dataset/Samples-Augmented.csv"));
    assertTrue(all.isSample("other.csv"));

    EntrySelector samples = new EntrySelector("*/samples/*");
    assertTrue(samples.isSample("pe-machine-learning-dataset/samples/1"));
    assertFalse(samples.isSample("pe-machine-learning-dataset/samples/sub/1"));
    assertFalse(samples.isSample("samples/1"));

    EntrySelector exe = new EntrySelector("**/*.exe");
    assertTrue(exe.isSample("a.exe"));
    assertTrue(exe.isSample("x/y/a.exe"));
    assertFalse(exe.isSample("x/y/a.exe.txt"));
    assertTrue(new EntrySelector("a+b(1)?").isSample("a+b(1)x"));
  }

  @Test
  public void exactlyOneNameTakenLiterally() {
    EntrySelector one = EntrySelector.exactly("set/samples/a*?.exe");
    assertTrue(one.isSample("set/samples/a*?.exe"));
    assertFalse(one.isSample("set/samples/ab!.exe"));
    assertFalse(one.isSample("set/samples/a*?.exe.txt"));
  }
}
