package dev.merc.core.pe;

/** A structure could not be read; carries the anomaly code the caller records before moving on. */
public class PeFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Anomaly anomaly;

    public PeFormatException(Anomaly anomaly, String message) {
        super(message);
        this.anomaly = anomaly;
    }

    public Anomaly anomaly() {
        return anomaly;
    }
}
