/** Merc's options, the pipeline assembly, and the command-line entry point. */
package dev.merc.pipeline;
