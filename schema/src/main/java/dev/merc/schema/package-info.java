/** Merc's database: connections, Flyway migrations, and the mapping of sample records to rows. */
package dev.merc.schema;
