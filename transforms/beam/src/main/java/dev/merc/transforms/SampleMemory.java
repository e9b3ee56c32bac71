package dev.merc.transforms;

import java.util.concurrent.Semaphore;
import org.apache.beam.sdk.metrics.Counter;

/**
 * The bytes of samples that this JVM's extractions hold in memory at once, all threads together:
 * at most a third of the heap ({@link #JVM}). A sample waits for its share before it is read, so
 * that a few large samples arriving together are read one after another instead of exhausting
 * the heap; a sample larger than the whole budget runs alone. Counted in KiB, as declared.
 */
final class SampleMemory {

  private static final long KIB = 1024;

  static final SampleMemory JVM = new SampleMemory(Runtime.getRuntime().maxMemory() / 3);

  private final int capacityKib;
  private final Semaphore free;

  SampleMemory(long bytes) {
    capacityKib = (int) Math.min(Integer.MAX_VALUE, Math.max(1, bytes / KIB));
    free = new Semaphore(capacityKib, true);
  }

  /** Blocks until {@code bytes} may be held; returns the share to {@link #release}. */
  int reserve(long bytes, Counter waits) {
    int kib = (int) Math.min(capacityKib, Math.max(1, (bytes + KIB - 1) / KIB));
    if (!free.tryAcquire(kib)) {
      waits.inc();
      free.acquireUninterruptibly(kib);
    }
    return kib;
  }

  void release(int kib) {
    free.release(kib);
  }
}
