/** The sample's {@code ssdeep} and {@code tlsh} fuzzy hashes: streaming, exact against ssdeep 2.14.1 and tlsh 3.4.4. */
package dev.merc.core.fuzzy;
