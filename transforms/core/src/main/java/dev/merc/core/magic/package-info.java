/** The sample's {@code magic}/{@code mime}: libmagic {@code file} 5.44's answer, exact for MZ/PE, approximate for other types (see {@link dev.merc.core.magic.FileTypes}). */
package dev.merc.core.magic;
