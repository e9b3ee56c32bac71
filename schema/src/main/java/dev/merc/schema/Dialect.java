package dev.merc.schema;

/** The databases Merc writes to; each has its own migration folder. */
public enum Dialect {
  POSTGRESQL("jdbc:postgresql:", "postgresql"),
  SQLITE("jdbc:sqlite:", "sqlite");

  private final String urlPrefix;
  private final String migrationFolder;

  Dialect(String urlPrefix, String migrationFolder) {
    this.urlPrefix = urlPrefix;
    this.migrationFolder = migrationFolder;
  }

  public String migrationLocation() {
    return "classpath:db/migration/" + migrationFolder;
  }

  /** @throws IllegalArgumentException for a URL of another database */
  public static Dialect of(String jdbcUrl) {
    for (Dialect d : values()) {
      if (jdbcUrl != null && jdbcUrl.startsWith(d.urlPrefix)) {
        return d;
      }
    }
    throw new IllegalArgumentException(
        "unsupported JDBC URL '" + jdbcUrl + "': use jdbc:postgresql://host:port/db or jdbc:sqlite:FILE");
  }
}
