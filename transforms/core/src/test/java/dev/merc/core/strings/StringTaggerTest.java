package dev.merc.core.strings;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.Test;

public class StringTaggerTest {

  private static void has(StringTag tag, String... values) {
    for (String v : values) {
      assertTrue(tag + " expected on: " + v, StringTagger.tag(v).contains(tag));
    }
  }

  private static void hasNot(StringTag tag, String... values) {
    for (String v : values) {
      assertFalse(tag + " not expected on: " + v, StringTagger.tag(v).contains(tag));
    }
  }

  @Test
  public void url() {
    has(StringTag.URL, "http://evil.com/gate.php", "see HTTPS://1.2.3.4:8080/x", "ftp://user@host/",
        "file:///C:/x", "http://%s/%s", "wss://c2.example.net");
    hasNot(StringTag.URL, "http://", "http:/evil.com", "xhttp://evil.com", "C:\\http\\x",
        "mailto:x@y.com", "://evil.com");
  }

  @Test
  public void ipv4() {
    has(StringTag.IPV4, "192.168.1.1", "connect 10.0.0.254:443", "http://8.8.8.8/",
        "255.255.255.255", "ends a sentence: 1.2.3.4.", "2.6.29.17");
    hasNot(StringTag.IPV4, "256.1.1.1", "1.2.3", "1.2.3.4.5", "v1.2.3.4", "192.168.01.1",
        "6.1.7600.16385", "1.2.3.999", "a1.2.3.4", "1.3.6.1.H",
        "version=\"1.0.0.0\"", "0.0.0.0", // network addresses and versions
        "2.5.29.17"); // an X.500 OID
  }

  @Test
  public void ipv6() {
    has(StringTag.IPV6, "fe80::1%eth0", "2001:db8:85a3:0:0:8a2e:370:7334", "[2001:db8::7]:443",
        "::ffff:192.168.1.1", "2001:DB8::1.", "1:2:3:4:5:6:7:8");
    hasNot(StringTag.IPV6, "::", "12:34:56", "00:11:22:33:44:55", "std::cout", "CDC::Add",
        "dead::beef", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::1", "x::1", "fe80:::1",
        "::1", "F1::", "9::B", "::3\\"); // too little of an address: junk in binaries
  }

  @Test
  public void domain() {
    has(StringTag.DOMAIN, "evil.com", "update.microsoft.com", "http://c2.bad-site.ru/x",
        "user@mail.example.org", "a.b.c.top", "ping EXAMPLE.NET now", "tor2web.onion.");
    hasNot(StringTag.DOMAIN, "kernel32.dll", "setup.exe", "msvcrt.so", "config.h.in",
        "evil.com.dll", "foo_bar.com", "1.2.3.4", ".com", "evil.comx", "evil.co1", "README.md",
        "script.py", "a..com", "Kn.TR", "result.cH", "%s.com", "tmp0.xyz", "A.eg", "0.sg",
        "size.cx=%ld", "rect.top(row)=%ld");
    has(StringTag.DOMAIN, "mail.ru", "c2.evil.top", "EVIL.TOP");
  }

  @Test
  public void email() {
    has(StringTag.EMAIL, "admin@evil.com", "mail to: First.Last+tag@sub.example.co.uk!",
        "x_y%z@host.ru");
    hasNot(StringTag.EMAIL, "?func@@YAXXZ", "user@host", "user@host.dll", "@evil.com",
        "_Sleep@4", "a@b.c");
  }

  @Test
  public void registry() {
    has(StringTag.REGISTRY, "HKEY_LOCAL_MACHINE\\Software\\Microsoft", "HKLM", "hkcu\\x",
        "Software\\Microsoft\\Windows\\CurrentVersion\\Run", "SYSTEM\\CurrentControlSet\\Services",
        "\\Registry\\Machine\\SYSTEM", "CLSID\\{00000000-0000-0000-C000-000000000046}",
        "HKLM:\\SOFTWARE\\x", "Control Panel\\Desktop");
    hasNot(StringTag.REGISTRY, "HKLMX", "C:\\Program Files\\Software\\x", "softwares\\x",
        "C:\\Windows\\System\\x.dll", "SYSTEM\\foo", "Software", "HKEY_");
  }

  @Test
  public void path() {
    has(StringTag.PATH, "C:\\Windows\\System32\\cmd.exe", "c:/msys64/usr/bin", "\\\\server\\share",
        "C:\\\\Users\\\\x",
        "\\\\.\\PhysicalDrive0", "\\\\?\\C:\\x", "%APPDATA%\\evil.exe", "\\??\\C:\\x",
        "\\Device\\HarddiskVolume1", "system32\\drivers\\etc\\hosts", "/usr/lib/libc.so",
        "/tmp", "rm -rf /home/x", "~/.ssh/id_rsa", "../src/foo.c", "D:\\");
    hasNot(StringTag.PATH, "and/or", "w/o", "N/A", "http://evil.com/usr/bin", "Error:\\n",
        "a\\b", "1/2/3", "/foo/bar", "x/usr/bin", "~/Ic", "./next", "A:\\$", "q:/x",
        "HKCR,\"CLSID\\%CLSID_X%\\Control\"");
  }

  @Test
  public void pdb() {
    has(StringTag.PDB, "C:\\build\\Release\\evil.pdb", "evil.PDB", "/home/u/x/y.pdb done");
    hasNot(StringTag.PDB, "*.pdb", "evil.pdbx", "pdb", ".pdb", "evil.pd");
  }

  @Test
  public void base64() {
    has(StringTag.BASE64, "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAA", // a PE header
        "aGVsbG8gd29ybGQgZnJvbSBtYWx3YXJl", "-enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIAA=",
        "key=cG93ZXJzaGVsbCAtbm9wIC13IGhpZGRlbiAtYyBJRVg=;", "8rIctBC4r5cXChG3dU2mhuSKuNYR9KSu");
    hasNot(StringTag.BASE64, "aGVsbG8gd29ybGQgZnJvbQ==", // too short
        "aGVsbG8gd29ybGQgZnJvbSBtYWx3YXJlX", // length not a multiple of 4
        "GetProcAddressForCallerXYZqr", // no digit, and words
        "0123456789ABCDEF0123456789ABCDEF", // no lower case
        "aGVsbG8gd29ybGQgZnJvbSBtYWx3YX===", // three '='
        "a_GVsbG8gd29ybGQgZnJvbSBtYWx3YXJlaGVs", // the token after '_' is 35 long
        "WINNLS32GetIMEHotKeyBase64Enc", "glTexCoord4fVertex4fvSUN_params", // identifiers...
        "WinHttpGetProxyForUrlEx2", "7xmlFatalErrMsgStrIntStr", // ...mostly words
        "0123456789abcdefMONODEBG_Device", // ascending run
        "b5UUUUUUVV5f6SCUTUUTUETUEEUTTUEUUUUU", // repetition
        "ooPPooPPooPPoP0PoPoP0ooPPooPoPPo", // too few distinct characters
        "org/ws/2005/04/discovery/ByeX"); // a path
  }

  @Test
  public void mutex() {
    has(StringTag.MUTEX, "Global\\MsWinZonesCacheCounterMutexA", "Local\\SM0:1234:168:WilStaging",
        "Session\\1\\MyMutex", "\\BaseNamedObjects\\evil", "GLOBAL\\x");
    hasNot(StringTag.MUTEX, "AppData\\Local\\Temp", "Global\\", "GlobalAlloc", "Globals\\x",
        "Local\\\\x");
  }

  @Test
  public void plainStringsHaveNoTags() {
    for (String s : new String[] {"GetProcAddress", "This program cannot be run in DOS mode.",
        "Microsoft Visual C++ Runtime Library", "%d.%d.%d", "kernel32.dll", "AAAA", "\t\t\t\t"}) {
      assertEquals(s, Set.of(), StringTagger.tag(s));
    }
  }

  @Test
  public void tagsComeInDeclarationOrder() {
    Set<StringTag> tags = StringTagger.tag("http://1.2.3.4/evil.pdb");
    assertEquals(List.of(StringTag.URL, StringTag.IPV4, StringTag.PDB), new ArrayList<>(tags));
  }
}
