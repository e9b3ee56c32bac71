package dev.merc.core.magic;

/** What {@code file -b} ({@code magic}) and {@code file -b --mime-type} ({@code mime}) print for a sample. */
public record FileType(String magic, String mime) {
}
