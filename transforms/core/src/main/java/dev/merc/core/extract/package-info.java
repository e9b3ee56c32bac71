/** Reads a sample's bytes once, under a size cap, and runs every extractor over them. */
package dev.merc.core.extract;
