/** The sample record of shared/spec/sample-record.md, and its one JSON form. */
package dev.merc.core.record;
