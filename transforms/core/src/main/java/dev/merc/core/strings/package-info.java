/** The sample's {@code strings}: FLOSS-compatible static ASCII and UTF-16LE strings, capped, with analyst tags. */
package dev.merc.core.strings;
