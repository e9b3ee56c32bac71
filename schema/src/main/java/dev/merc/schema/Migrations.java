package dev.merc.schema;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Creates or upgrades the schema with Flyway, from the migrations of the URL's dialect. */
public final class Migrations {

  private Migrations() {}

  public static MigrateResult migrate(DatabaseConfig config) {
    return Flyway.configure()
        .dataSource(DataSources.writer(config))
        .locations(config.dialect().migrationLocation())
        .load()
        .migrate();
  }
}
