package dev.merc.core.pe;

import java.util.LinkedHashSet;
import java.util.Set;

/** State shared by the directory parsers of one file. */
final class PeContext {
    final ByteReader r;
    final AddressSpace space;
    final PeLimits limits;
    final boolean pe32Plus;
    final Machine machine;
    final long imageBase;
    final long sizeOfImage;
    private final Set<Anomaly> anomalies;
    /** pefile's __total_import_symbols: thunks read from ILTs and IATs, imports and delay imports together. */
    int importThunkReads;
    /** Bytes that digests may still read (PeLimits.hashBudget). */
    long hashBudget;

    /** Takes {@code n} bytes from the digest budget, or notes the anomaly and returns false. */
    boolean spendHashBudget(long n) {
        if (n > hashBudget) {
            note(Anomaly.HASH_BUDGET_EXHAUSTED);
            return false;
        }
        hashBudget -= n;
        return true;
    }

    PeContext(ByteReader r, AddressSpace space, PeLimits limits, boolean pe32Plus, Machine machine, long imageBase,
            long sizeOfImage, Set<Anomaly> anomalies) {
        this.r = r;
        this.space = space;
        this.limits = limits;
        this.pe32Plus = pe32Plus;
        this.machine = machine;
        this.imageBase = imageBase;
        this.sizeOfImage = sizeOfImage;
        this.anomalies = anomalies;
    }

    void note(Anomaly a) {
        anomalies.add(a);
    }

    static Set<Anomaly> newAnomalySet() {
        return new LinkedHashSet<>();
    }
}
