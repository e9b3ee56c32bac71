#!/usr/bin/env bash
# Rebuilds demo/*.exe and demo/*.dll from demo/src with MinGW-w64 (Debian: gcc-mingw-w64).
# The binaries are committed so that the README's first command needs no cross-compiler.
set -euo pipefail
cd "$(dirname "$0")"
export SOURCE_DATE_EPOCH=1700000000
X64=x86_64-w64-mingw32-gcc
X86=i686-w64-mingw32-gcc
FLAGS="-Os -s -ffile-prefix-map=$PWD=/merc-demo"
$X64 $FLAGS -o hello64.exe src/hello.c
$X86 $FLAGS -o hello32.exe src/hello.c
$X64 $FLAGS -o beacon64.exe src/beacon.c
$X64 $FLAGS -shared -Wl,--image-base,0x180000000 -o greeter64.dll src/greeter.c
$X86 $FLAGS -mwindows -o window32.exe src/window.c
ls -l ./*.exe ./*.dll
