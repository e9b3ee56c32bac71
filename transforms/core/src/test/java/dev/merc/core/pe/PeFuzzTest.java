package dev.merc.core.pe;

import static org.junit.Assert.assertEquals;

import java.util.List;
import org.junit.Test;

/** A bounded, seeded fuzz run (a few seconds); long campaigns use PeFuzz's main. */
public class PeFuzzTest {
    @Test
    public void mutatedFilesNeitherThrowNorHang() {
        PeFuzz.Stats s = PeFuzz.run(PeFuzz.builtInSeeds(), List.of("builtin-pe32", "builtin-pe32plus"), 0, 10000, 5000);
        assertEquals(10000, s.inputs());
        assertEquals(List.of(), s.failures());
    }

    @Test
    public void mutationIsDeterministicPerInput() {
        byte[] seed = PeFuzz.builtInSeeds().get(0);
        assertEquals(java.util.Arrays.toString(PeFuzz.mutate(seed, new java.util.Random(42))),
                java.util.Arrays.toString(PeFuzz.mutate(seed, new java.util.Random(42))));
    }
}
