package dev.merc.core.pe;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import org.junit.Test;

/**
 * Real MSVC-built DLLs, which the public corpus (all GNU-built) lacks: JNA's jnidispatch.dll for
 * three machines, taken from the jna 5.13.0 jar on the test classpath. The expected values are
 * what pefile 2023.2.7 gives for the same files:
 * {@code pe.get_rich_header_hash(), hex(pe.parse_rich_header()['checksum']),
 * len(values) // 2, pe.get_imphash()}.
 */
public class MsvcDllTest {

  private static PeInfo parse(String resource) throws IOException {
    try (InputStream in = MsvcDllTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertNotNull(resource + " is not on the test classpath", in);
      byte[] data = in.readAllBytes();
      return PeParser.parse(data, data.length, PeLimits.defaults());
    }
  }

  private static void assertMatchesPefile(
      String arch, int machine, String richHash, long richChecksum, int entries, String imphash)
      throws IOException {
    PeInfo pe = parse("com/sun/jna/" + arch + "/jnidispatch.dll");
    assertEquals(machine, (int) pe.machine());
    assertNotNull("Rich header", pe.rich());
    assertEquals(richHash, pe.rich().hashMd5());
    assertEquals(richChecksum, pe.rich().checksum());
    assertEquals(entries, pe.rich().entries().size());
    assertEquals(imphash, pe.imphash());
    assertTrue(pe.rich().entries().stream().allMatch(e -> e.count() > 0));
  }

  @Test
  public void x86() throws IOException {
    assertMatchesPefile(
        "win32-x86", 0x14c, "546f21bf814cace2ba9c6fdb4d4723de", 0xb95440dbL, 13,
        "cfa0f864ae28701e45cdcb032606fd27");
  }

  @Test
  public void x8664() throws IOException {
    assertMatchesPefile(
        "win32-x86-64", 0x8664, "0834452be98fac670009f2a3db3bdd93", 0xe82cb89fL, 13,
        "23f94ad8889ad1c73cfb18c102e76088");
  }

  @Test
  public void aarch64() throws IOException {
    assertMatchesPefile(
        "win32-aarch64", 0xaa64, "0c961dd8ed39304bc81e52f5cbf4f554", 0x9ac7fde6L, 11,
        "17e3201a347568371152977af4306df2");
  }
}
