package dev.merc.schema;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The dataset's label CSV, as it is written: quoted ids, Whitelist/Blacklist, a BOM, reloads. */
public class LabelsTest {

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void parsesQuotedValues() {
    assertEquals(List.of("1", "a,b", "say \"hi\"", ""), Labels.parse("\"1\",\"a,b\",\"say \"\"hi\"\"\","));
    assertEquals("benign", Labels.label("Whitelist"));
    assertEquals("malicious", Labels.label(" blacklist "));
    assertNull(Labels.label("Greylist"));
  }

  @Test
  public void loadsAndReloadsIntoSqlite() throws Exception {
    try (TestDatabases.TestDatabase db = TestDatabases.sqlite()) {
      Migrations.migrate(db.config());
      Path csv = tmp.getRoot().toPath().resolve("samples.csv");
      Files.writeString(csv, "\uFEFFid,md5,sha1,sha256,total,positives,list,filetype,submitted,"
          + "user_id,length,entropy\n"
          + "\"17\",ABC,def,0123,70,0,Whitelist,Win32 EXE,2018-04-12 03:01:55,\"1402\",1024,5.25\n"
          + "18,,,,,n/a,Blacklist,,,,,\n");
      assertEquals(2, Labels.load(db.config(), csv));
      assertEquals("17|abc|def|0123|70|0|Whitelist|benign|Win32 EXE|1402|1024|5.25|null",
          row(db.config(), "17"));
      assertEquals("18|null|null|null|null|null|Blacklist|malicious|null|null|null|null|null",
          row(db.config(), "18"));
      Files.writeString(csv, "id,md5,sha1,sha256,total,positives,list,filetype,submitted,"
          + "user_id,length,entropy,imphash\n"
          + "17,abc,def,0123,70,2,Whitelist,Win32 EXE,x,1402,1024,5.25,FFEE\n");
      assertEquals(1, Labels.load(db.config(), csv));
      assertEquals("17|abc|def|0123|70|2|Whitelist|benign|Win32 EXE|1402|1024|5.25|ffee",
          row(db.config(), "17"));
    }
  }

  private static String row(DatabaseConfig c, String id) throws Exception {
    try (Connection conn = DriverManager.getConnection(c.jdbcUrl(), c.username(), c.password());
        Statement s = conn.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, md5, sha1, sha256, total, positives, list,"
            + " label, filetype, user_id, length, entropy, imphash FROM labels WHERE id = '"
            + id + "'")) {
      rs.next();
      StringBuilder b = new StringBuilder(rs.getString(1));
      for (int i = 2; i <= 13; i++) {
        b.append('|').append(rs.getString(i));
      }
      return b.toString();
    }
  }
}
