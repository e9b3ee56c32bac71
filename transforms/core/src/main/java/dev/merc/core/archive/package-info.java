/** Reads samples straight out of 7z and zip archives (AES or ZipCrypto), entry by entry, in order. */
package dev.merc.core.archive;
