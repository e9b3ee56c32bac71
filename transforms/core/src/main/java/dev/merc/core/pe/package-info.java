/** Hardened Portable Executable parser producing the sample record's {@code pe} object, following pefile's rules. */
package dev.merc.core.pe;
