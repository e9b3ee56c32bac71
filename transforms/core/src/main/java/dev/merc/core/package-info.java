/** Merc's extraction library: plain Java that turns one file's bytes into the sample record. */
package dev.merc.core;
