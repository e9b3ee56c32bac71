package dev.merc.core.magic;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Time per {@link FileTypes#identify} call: a PE, random data, and a PDF whose page-count search runs to 7 MiB. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FileTypesBenchmark {
    private byte[] pe;
    private byte[] random;
    private byte[] pdf;

    @Setup
    public void setUp() {
        Random r = new Random(1);
        pe = new byte[4 << 20];
        r.nextBytes(pe);
        pe[0] = 'M';
        pe[1] = 'Z';
        pe[0x3c] = (byte) 0x80;
        pe[0x3d] = 0;
        pe[0x3e] = 0;
        pe[0x3f] = 0;
        pe[0x80] = 'P';
        pe[0x81] = 'E';
        pe[0x82] = 0;
        pe[0x83] = 0;
        pe[0x98] = 0x0b;
        pe[0x99] = 0x01;
        random = new byte[16 << 20];
        r.nextBytes(random);
        pdf = new byte[16 << 20];
        byte[] head = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, pdf, 0, head.length);
    }

    @Benchmark
    public FileType portableExecutable() {
        return FileTypes.identify(pe, pe.length);
    }

    @Benchmark
    public FileType randomData() {
        return FileTypes.identify(random, random.length);
    }

    @Benchmark
    public FileType pdfWithoutPageCount() {
        return FileTypes.identify(pdf, pdf.length);
    }
}
