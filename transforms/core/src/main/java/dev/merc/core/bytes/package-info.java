/** Counting and summing a sample's bytes fast, shared by the extractors and the PE parser. */
package dev.merc.core.bytes;
