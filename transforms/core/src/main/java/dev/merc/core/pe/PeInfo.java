package dev.merc.core.pe;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;
import java.util.Map;

/**
 * The sample record's {@code pe} object. COFF fields are null only when the file ends before them.
 * Nested records are the record's sub-objects; names become snake_case through Jackson.
 */
@JsonPropertyOrder({"machine", "timestamp", "characteristics", "number_of_sections", "pointer_to_symbol_table",
    "number_of_symbols", "size_of_optional_header", "is_dll", "is_64"})
public record PeInfo(
        Integer machine,
        Long timestamp,
        Integer characteristics,
        Integer numberOfSections,
        Long pointerToSymbolTable,
        Long numberOfSymbols,
        Integer sizeOfOptionalHeader,
        Boolean isDll,
        @JsonProperty("is_64") Boolean is64,
        OptionalHeader optional,
        Long computedChecksum,
        List<DataDirectory> dataDirectories,
        String entrySection,
        List<Section> sections,
        List<Import> imports,
        String imphash,
        Exports exports,
        List<Resource> resources,
        Map<String, String> versionInfo,
        List<Debug> debug,
        Rich rich,
        Tls tls,
        Signature signature,
        Overlay overlay,
        DotNet dotnet,
        List<Anomaly> anomalies) {

    /** The machine as an enum; null when the file ends before the COFF header. */
    @JsonIgnore
    public Machine machineType() {
        return machine == null ? null : Machine.of(machine);
    }

    /** Optional header under pefile's field names; baseOfData is null for PE32+. */
    public record OptionalHeader(
            int magic,
            int majorLinkerVersion,
            int minorLinkerVersion,
            long sizeOfCode,
            long sizeOfInitializedData,
            long sizeOfUninitializedData,
            long addressOfEntryPoint,
            long baseOfCode,
            Long baseOfData,
            @JsonSerialize(using = UnsignedLongSerializer.class) @JsonDeserialize(using = UnsignedLongDeserializer.class) long imageBase,
            long sectionAlignment,
            long fileAlignment,
            int majorOperatingSystemVersion,
            int minorOperatingSystemVersion,
            int majorImageVersion,
            int minorImageVersion,
            int majorSubsystemVersion,
            int minorSubsystemVersion,
            long sizeOfImage,
            long sizeOfHeaders,
            long checksum,
            int subsystem,
            int dllCharacteristics,
            @JsonSerialize(using = UnsignedLongSerializer.class) @JsonDeserialize(using = UnsignedLongDeserializer.class) long sizeOfStackReserve,
            @JsonSerialize(using = UnsignedLongSerializer.class) @JsonDeserialize(using = UnsignedLongDeserializer.class) long sizeOfStackCommit,
            @JsonSerialize(using = UnsignedLongSerializer.class) @JsonDeserialize(using = UnsignedLongDeserializer.class) long sizeOfHeapReserve,
            @JsonSerialize(using = UnsignedLongSerializer.class) @JsonDeserialize(using = UnsignedLongDeserializer.class) long sizeOfHeapCommit,
            long loaderFlags,
            long numberOfRvaAndSizes) {
        @JsonIgnore
        public OptionalMagic magicType() {
            return OptionalMagic.of(magic);
        }

        @JsonIgnore
        public Subsystem subsystemType() {
            return Subsystem.of(subsystem);
        }
    }

    public record DataDirectory(String name, long virtualAddress, long size) {
    }

    /** entropy and md5 are null only when the hash budget ran out (HASH_BUDGET_EXHAUSTED). */
    public record Section(
            int index,
            String name,
            long virtualAddress,
            long virtualSize,
            long rawPointer,
            long rawSize,
            long characteristics,
            Double entropy,
            String md5) {
    }

    public record Import(String dll, String name, Integer ordinal, boolean delay) {
    }

    public record Exports(String dllName, List<ExportFunction> functions) {
    }

    /** forwarder is the forwarded-to string ("DLL.Func") when the RVA lies inside the export directory. */
    public record ExportFunction(long ordinal, String name, long rva, String forwarder) {
    }

    /** type and name are a String (RT_* or a string id) or an Integer id; offset is a file offset. */
    public record Resource(
            Object type,
            Object name,
            Integer language,
            Integer sublanguage,
            Long offset,
            long size,
            Double entropy,
            String sha256) {
    }

    /** type is the unsigned 32-bit Type field, as pefile reports it. */
    public record Debug(long type, long timestamp, String pdbPath, String guid, Long age) {
        @JsonIgnore
        public DebugType debugType() {
            return DebugType.of(type);
        }
    }

    public record Rich(List<RichEntry> entries, long checksum, String hashMd5) {
    }

    public record RichEntry(int productId, int build, long count) {
    }

    public record Tls(@JsonSerialize(contentUsing = UnsignedLongSerializer.class)
            @JsonDeserialize(contentUsing = UnsignedLongDeserializer.class) List<Long> callbacks) {
    }

    public record Signature(List<Certificate> certificates, String authentihashSha256) {
    }

    public record Certificate(String subject, String issuer, String serial, String notBefore, String notAfter,
            String sha256) {
    }

    public record Overlay(long offset, long size, double entropy) {
    }

    public record DotNet(String runtimeVersion) {
    }
}
