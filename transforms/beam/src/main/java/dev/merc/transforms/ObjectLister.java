package dev.merc.transforms;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Lists a storage's objects with the content md5 that the storage keeps for each, so that a rerun
 * recognises stored samples without downloading them (see {@link ExtractSamples}).
 *
 * <p>A bundle that brings a storage client registers a {@link Registrar} with
 * {@link ServiceLoader} (a {@code META-INF/services} entry), as merc-dataflow.jar does for
 * {@code gs://}; bundles without one (merc-direct.jar, merc-flink.jar) carry none of its jars.
 * Patterns that no lister serves are matched by Beam's {@code FileSystems}, as before.
 */
public interface ObjectLister extends Serializable {

  /** True when this lister lists the pattern, e.g. by its scheme. */
  boolean serves(String pattern);

  /**
   * The files that the pattern matches, exactly as {@code FileSystems.match} matches them (globs
   * included, folders left out), each made with {@link SampleFile#listed}.
   *
   * @param options the worker's options
   */
  List<SampleFile> list(String pattern, PipelineOptions options) throws IOException;

  /** Makes a lister when the pipeline is built, from the launcher's options. */
  interface Registrar {
    /**
     * The lister is serialized to the workers, so it must capture here what only the launcher's
     * options hold (Beam leaves some out of the copy that workers get, e.g. --gcsEndpoint).
     */
    ObjectLister fromOptions(PipelineOptions options);
  }

  /** A lister from each registrar on the class path, in no particular order. */
  static List<ObjectLister> registered(PipelineOptions options) {
    List<ObjectLister> listers = new ArrayList<>();
    for (Registrar r : ServiceLoader.load(Registrar.class, ObjectLister.class.getClassLoader())) {
      listers.add(r.fromOptions(options));
    }
    return listers;
  }
}
