package dev.merc.core.pe;

/**
 * A coded header field as an enum constant: the number the file holds and the symbolic name
 * pefile (or the Windows SDK, where pefile has none) gives it. The JSON record keeps the numbers,
 * as pefile's do; these enums are the typed view for code.
 */
public interface CodedValue {
    long code();

    /** pefile's name for the code, e.g. IMAGE_FILE_MACHINE_AMD64; null for an UNKNOWN without one. */
    String pefileName();

    /** An enum's constants by code, with the constant that stands for every other code. */
    final class Table<E extends Enum<E> & CodedValue> {
        private final java.util.Map<Long, E> byCode = new java.util.HashMap<>();
        private final E unknown;

        public Table(Class<E> type, E unknown) {
            for (E v : type.getEnumConstants()) {
                byCode.putIfAbsent(v.code(), v);
            }
            this.unknown = unknown;
        }

        public E of(long code) {
            return byCode.getOrDefault(code, unknown);
        }
    }
}
