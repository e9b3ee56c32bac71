#!/usr/bin/python3
"""Regenerates transforms/core/src/main/resources/dev/merc/core/pe/ordinal-names.tsv from the
ordinal tables that ship with pefile (Debian python3-pefile 2023.2.7, module ordlookup).
Merc's imphash needs the same ordinal->name mapping as pefile's get_imphash().

Usage: /usr/bin/python3 bench/gen-ordinal-names.py > transforms/core/src/main/resources/dev/merc/core/pe/ordinal-names.tsv
Lines: <table>\t<ordinal>\t<name>, table being ws2_32 (also used for wsock32.dll) or oleaut32.
"""
from ordlookup import ws2_32, oleaut32

for table, names in (("ws2_32", ws2_32.ord_names), ("oleaut32", oleaut32.ord_names)):
    for ordinal in sorted(names):
        print("%s\t%d\t%s" % (table, ordinal, names[ordinal].decode("ascii")))
