package dev.merc.transforms;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricName;
import org.junit.Test;

/** Samples wait for memory that others hold; one larger than the budget still runs, alone. */
public class SampleMemoryTest {

  private static final class Count implements Counter {
    int n;

    @Override
    public void inc() {
      n++;
    }

    @Override
    public void inc(long k) {
      n += k;
    }

    @Override
    public void dec() {}

    @Override
    public void dec(long k) {}

    @Override
    public MetricName getName() {
      return MetricName.named("test", "waits");
    }
  }

  @Test
  public void aSampleWaitsUntilTheOthersLeave() throws Exception {
    SampleMemory memory = new SampleMemory(10 << 20);
    Count waits = new Count();
    int first = memory.reserve(6 << 20, waits);
    CountDownLatch read = new CountDownLatch(1);
    Thread second = new Thread(() -> {
      memory.release(memory.reserve(6 << 20, waits));
      read.countDown();
    });
    second.start();
    assertFalse("6 + 6 MiB do not fit in 10", read.await(300, TimeUnit.MILLISECONDS));
    memory.release(first);
    assertTrue(read.await(10, TimeUnit.SECONDS));
    assertEquals(1, waits.n);
  }

  @Test
  public void aSampleLargerThanTheBudgetRunsAlone() {
    SampleMemory memory = new SampleMemory(1 << 20);
    Count waits = new Count();
    int share = memory.reserve(500L << 20, waits);
    assertEquals("the whole budget", 1024, share);
    memory.release(share);
    memory.release(memory.reserve(1, waits));
    assertEquals(0, waits.n);
  }
}
