/** What merc-dataflow.jar adds to the pipeline: gs:// listing with the Cloud Storage client. */
package dev.merc.runners.dataflow;
