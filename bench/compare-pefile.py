#!/usr/bin/python3
"""Compare Merc's `pe` objects with pefile (Debian python3-pefile 2023.2.7) file by file.

Usage:
  /usr/bin/python3 bench/compare-pefile.py MERC.jsonl [--show N] [--limit FILES] [--min-percent P]

MERC.jsonl holds one sample record per line with `paths` and `pe` (for example written by
dev.merc.core.pe.PeDump, or by the Merc pipeline's JSON Lines export). For each record the first
path that is a plain file (not `archive!entry`) is parsed with pefile, and these fields are compared:
is_pe, headers (COFF + optional header), checksum (generate_checksum), entry_section, sections,
imports, delay_imports, imphash, exports, resources, version_info, debug_pdb (CodeView PDB paths),
tls_callbacks, rich_hash, overlay. It prints the agreement per field (files where both sides agree /
files compared) and up to N mismatches per field (default 5).

Exit status: 0 when every compared field agrees on at least P% of the files it was compared on
(default 99.5, the issue's bar), 1 when one falls below it or no file was compared. Files on which
pefile itself crashes are counted (pefile_crash) but do not fail the run: there is nothing to compare.

How each side is normalised (the comparison is order-sensitive unless said otherwise):
- sections: pefile keeps its table sorted by VirtualAddress and drops entries after an all-zero
  header or a header with 3+ errors; Merc lists every table entry with its index. Merc's entries
  are looked up by the table index of each pefile section (from its file offset) and compared on
  name, addresses, sizes, characteristics, md5 and entropy (to 1e-9).
- checksum is compared last, because pefile's generate_checksum() replaces the file's bytes with
  write()'s output (which zero-pads a truncated optional header / directory array).
- imports: (dll, name) for imports by name, (dll, ordinal) for imports by ordinal. For ordinals of
  ws2_32/wsock32/oleaut32 pefile also fills imp.name from ordlookup; the spec wants exactly one of
  name and ordinal, so Merc keeps the ordinal with name null (docs/pe-parsing.md, departure 13), and
  pefile's looked-up name is left out here. Both sides use those names in imphash.
- resources: leaves (type, name, language, sublanguage, size, sha256) in tree order; sha256 is
  compared only for non-empty leaves (pefile reads the rest of the section when Size is 0).
- tls_callbacks: pefile does not read callbacks; this script reads the VA array the same way Merc
  documents it (AddressOfCallBacks - ImageBase, pointer-sized entries until a zero, at most 256).
"""
import argparse
import hashlib
import json
import os
import sys
from collections import defaultdict

import pefile

RT = {v: k for k, v in pefile.RESOURCE_TYPE.items() if isinstance(k, str)}


def dec(b):
    if b is None:
        return None
    if isinstance(b, str):
        return b
    return b.decode("utf-8", "backslashreplace")


def headers(pe):
    fh, oh = pe.FILE_HEADER, pe.OPTIONAL_HEADER
    d = {
        "machine": fh.Machine, "timestamp": fh.TimeDateStamp, "characteristics": fh.Characteristics,
        "number_of_sections": fh.NumberOfSections, "pointer_to_symbol_table": fh.PointerToSymbolTable,
        "number_of_symbols": fh.NumberOfSymbols, "size_of_optional_header": fh.SizeOfOptionalHeader,
        "is_dll": pe.is_dll(), "is_64": pe.PE_TYPE == pefile.OPTIONAL_HEADER_MAGIC_PE_PLUS,
    }
    names = ["Magic", "MajorLinkerVersion", "MinorLinkerVersion", "SizeOfCode", "SizeOfInitializedData",
             "SizeOfUninitializedData", "AddressOfEntryPoint", "BaseOfCode", "ImageBase", "SectionAlignment",
             "FileAlignment", "MajorOperatingSystemVersion", "MinorOperatingSystemVersion", "MajorImageVersion",
             "MinorImageVersion", "MajorSubsystemVersion", "MinorSubsystemVersion", "SizeOfImage",
             "SizeOfHeaders", "CheckSum", "Subsystem", "DllCharacteristics", "SizeOfStackReserve",
             "SizeOfStackCommit", "SizeOfHeapReserve", "SizeOfHeapCommit", "LoaderFlags", "NumberOfRvaAndSizes"]
    snake = {"CheckSum": "checksum"}
    for n in names:
        key = snake.get(n) or "".join("_" + c.lower() if c.isupper() else c for c in n).lstrip("_")
        d["optional." + key] = getattr(oh, n)
    if hasattr(oh, "BaseOfData"):
        d["optional.base_of_data"] = oh.BaseOfData
    return d


def merc_headers(m):
    d = {k: m.get(k) for k in ("machine", "timestamp", "characteristics", "number_of_sections",
                               "pointer_to_symbol_table", "number_of_symbols", "size_of_optional_header",
                               "is_dll", "is_64")}
    for k, v in (m.get("optional") or {}).items():
        if v is not None:
            d["optional." + k] = v
    return d


def sections(pe):
    table = pe.OPTIONAL_HEADER.get_file_offset() + pe.FILE_HEADER.SizeOfOptionalHeader
    return [((s.get_file_offset() - table) // 40, dec(s.Name.rstrip(b"\x00")), s.VirtualAddress,
             s.Misc_VirtualSize, s.PointerToRawData, s.SizeOfRawData, s.Characteristics, s.get_hash_md5(),
             round(s.get_entropy(), 9)) for s in pe.sections]


def merc_sections(m, wanted):
    """Merc's entries for the table indexes pefile kept, in pefile's (VirtualAddress) order."""
    by_index = {s["index"]: s for s in m.get("sections") or []}
    out = []
    for w in wanted:
        s = by_index.get(w[0])
        out.append(None if s is None else (
            s["index"], s["name"], s["virtual_address"], s["virtual_size"], s["raw_pointer"], s["raw_size"],
            s["characteristics"], s["md5"], None if s["entropy"] is None else round(s["entropy"], 9)))
    return out


def imports(entries):
    out = []
    for e in entries or []:
        for i in e.imports:
            out.append((dec(e.dll), i.ordinal if i.import_by_ordinal else None,
                        None if i.import_by_ordinal else dec(i.name)))
    return out


def merc_imports(m, delay):
    return [(i["dll"], i["ordinal"], i["name"]) for i in m.get("imports") or [] if i["delay"] == delay]


def exports(pe):
    if not hasattr(pe, "DIRECTORY_ENTRY_EXPORT"):
        return None
    e = pe.DIRECTORY_ENTRY_EXPORT
    return (dec(e.name), [(s.ordinal, dec(s.name), s.address, dec(s.forwarder)) for s in e.symbols])


def merc_exports(m):
    e = m.get("exports")
    if e is None:
        return None
    return (e["dll_name"], [(f["ordinal"], f["name"], f["rva"], f["forwarder"]) for f in e["functions"]])


def resources(pe):
    out = []
    if not hasattr(pe, "DIRECTORY_ENTRY_RESOURCE"):
        return out

    def label(entry, level):
        if entry.name is not None:
            return str(entry.name)
        if level == 0 and entry.id in RT:
            return RT[entry.id]
        return entry.id

    def walk(d, level, labels):
        for entry in d.entries:
            lab = label(entry, level)
            if hasattr(entry, "directory"):
                walk(entry.directory, level + 1, (labels + [lab])[:2])
            elif hasattr(entry, "data"):
                t = lab if level == 0 else labels[0]
                n = lab if level == 1 else (labels[1] if level >= 2 else None)
                st = entry.data.struct
                sha = None
                if st.Size:
                    try:
                        sha = hashlib.sha256(pe.get_data(st.OffsetToData, st.Size)).hexdigest()
                    except pefile.PEFormatError:
                        sha = None
                out.append((t, n, entry.data.lang, entry.data.sublang, st.Size, sha))

    walk(pe.DIRECTORY_ENTRY_RESOURCE, 0, [])
    return out


def merc_resources(m):
    return [(r["type"], r["name"], r["language"], r["sublanguage"], r["size"],
             r["sha256"] if r["size"] else None) for r in m.get("resources") or []]


def version_info(pe):
    out = {}
    for fi in getattr(pe, "FileInfo", []) or []:
        for entry in fi:
            for st in getattr(entry, "StringTable", []) or []:
                for k, v in st.entries.items():
                    out.setdefault(dec(k), dec(v))
    return out or None


def pdbs(pe):
    out = []
    for d in getattr(pe, "DIRECTORY_ENTRY_DEBUG", []) or []:
        if d.struct.Type == 2:
            name = getattr(d.entry, "PdbFileName", None) if d.entry is not None else None
            out.append(dec(name.split(b"\x00", 1)[0]) if name is not None else None)
    return out


def merc_pdbs(m):
    return [d["pdb_path"] for d in m.get("debug") or [] if d["type"] == 2]


def tls_callbacks(pe):
    if not hasattr(pe, "DIRECTORY_ENTRY_TLS"):
        return None
    width = 8 if pe.PE_TYPE == pefile.OPTIONAL_HEADER_MAGIC_PE_PLUS else 4
    va = pe.DIRECTORY_ENTRY_TLS.struct.AddressOfCallBacks
    out = []
    if va:
        rva = va - pe.OPTIONAL_HEADER.ImageBase
        for i in range(256):
            try:
                b = pe.get_data(rva + i * width, width) if rva >= 0 else b""
            except pefile.PEFormatError:
                break
            if len(b) < width:
                break
            v = int.from_bytes(b, "little")
            if v == 0:
                break
            out.append(v)
    return out


def merc_tls(m):
    t = m.get("tls")
    return None if t is None else t["callbacks"]


def overlay(pe):
    start = pe.get_overlay_data_start_offset()
    return None if start is None else (start, len(pe.__data__) - start)


def merc_overlay(m):
    o = m.get("overlay")
    return None if o is None else (o["offset"], o["size"])


def compare(m, path):
    """Returns {field: (merc, pefile)} for the fields compared on this file."""
    try:
        pe = pefile.PE(path)
    except pefile.PEFormatError:
        return {"is_pe": (m is not None, False)}
    except Exception as e:  # pefile itself crashes on some malformed files; count them apart
        return {"pefile_crash": (None, repr(e)[:200])}
    r = {"is_pe": (m is not None, True)}
    if m is None:
        return r
    r["headers"] = (merc_headers(m), headers(pe))
    # pefile checks the entry point before parsing directories, with its section cache empty.
    pe._get_section_by_rva_last_used = None
    es = pe.get_section_by_rva(pe.OPTIONAL_HEADER.AddressOfEntryPoint)
    r["entry_section"] = (m.get("entry_section"), dec(es.Name.rstrip(b"\x00")) if es else None)
    ps = sections(pe)
    r["sections"] = (merc_sections(m, ps), ps)
    r["imports"] = (merc_imports(m, False), imports(getattr(pe, "DIRECTORY_ENTRY_IMPORT", None)))
    r["delay_imports"] = (merc_imports(m, True), imports(getattr(pe, "DIRECTORY_ENTRY_DELAY_IMPORT", None)))
    try:
        imphash = pe.get_imphash()
    except pefile.PEFormatError as e:
        imphash = "error: %s" % e
    r["imphash"] = (m.get("imphash"), imphash)
    r["exports"] = (merc_exports(m), exports(pe))
    r["resources"] = (merc_resources(m), resources(pe))
    r["version_info"] = (m.get("version_info"), version_info(pe))
    r["debug_pdb"] = (merc_pdbs(m), pdbs(pe))
    r["tls_callbacks"] = (merc_tls(m), tls_callbacks(pe))
    r["rich_hash"] = ((m.get("rich") or {}).get("hash_md5", ""), pe.get_rich_header_hash())
    r["overlay"] = (merc_overlay(m), overlay(pe))
    # Last: generate_checksum() replaces pe.__data__ with write()'s output, which pads truncated headers.
    try:
        r["checksum"] = (m.get("computed_checksum"), pe.generate_checksum())
    except Exception as e:
        r["checksum"] = (m.get("computed_checksum"), "pefile error: %r" % e)
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("jsonl")
    ap.add_argument("--show", type=int, default=5)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--min-percent", type=float, default=99.5)
    a = ap.parse_args()
    agree, total, shown = defaultdict(int), defaultdict(int), defaultdict(list)
    files = 0
    with open(a.jsonl, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            path = next((p for p in rec.get("paths", []) if "!" not in p and os.path.isfile(p)), None)
            if path is None:
                continue
            files += 1
            for field, (mv, pv) in compare(rec.get("pe"), path).items():
                total[field] += 1
                if mv == pv:
                    agree[field] += 1
                elif len(shown[field]) < a.show:
                    shown[field].append((path, mv, pv))
            if a.limit and files >= a.limit:
                break
    print("files compared: %d" % files)
    print("%-15s %7s %7s %8s" % ("field", "agree", "total", "percent"))
    for field in total:
        print("%-15s %7d %7d %7.2f%%" % (field, agree[field], total[field], 100.0 * agree[field] / total[field]))
    for field, items in shown.items():
        for path, mv, pv in items:
            print("\nMISMATCH %s %s" % (field, path))
            if isinstance(mv, dict) and isinstance(pv, dict):
                for k in sorted(set(mv) | set(pv)):
                    if mv.get(k) != pv.get(k):
                        print("  %s: merc=%r pefile=%r" % (k, mv.get(k), pv.get(k)))
            elif isinstance(mv, list) and isinstance(pv, list):
                print("  merc %d items, pefile %d items" % (len(mv), len(pv)))
                for i in range(max(len(mv), len(pv))):
                    x = mv[i] if i < len(mv) else None
                    y = pv[i] if i < len(pv) else None
                    if x != y:
                        print("  first difference at %d: merc=%r pefile=%r" % (i, x, y))
                        break
            else:
                print("  merc=%r\n  pefile=%r" % (str(mv)[:400], str(pv)[:400]))
    below = [f for f in total if f != "pefile_crash" and 100.0 * agree[f] / total[f] < a.min_percent]
    if files == 0:
        print("\nFAIL: no file was compared")
        return 1
    if below:
        print("\nFAIL: below %.1f%%: %s" % (a.min_percent, ", ".join(below)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
