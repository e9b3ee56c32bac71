/** JMH benchmarks of each extractor and of the whole per-sample extraction, in MB/s per core. */
package dev.merc.bench;
