#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the build tree into a scratch prefix, then builds and runs a separate project
# that finds it with find_package(SlimFaasQt), and runs the installed programs from there.
set -euo pipefail
build_dir=$1
cxx_flags=${2:-} # the main build's flags, so that a sanitizer build's consumer links alike
source_dir=$(cd "$(dirname "$0")" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cmake --install "$build_dir" --prefix "$scratch/prefix" >/dev/null
cmake -S "$source_dir/consumer" -B "$scratch/build" -G Ninja \
      -DCMAKE_PREFIX_PATH="$scratch/prefix" -DCMAKE_CXX_FLAGS="$cxx_flags" >/dev/null
cmake --build "$scratch/build" >/dev/null
# No LD_LIBRARY_PATH from here on: what is installed must find its libraries by itself.
unset LD_LIBRARY_PATH
"$scratch/build/consumer"
echo "find_package(SlimFaasQt) consumer built and ran against the installed copy"

qml_dir=$(find "$scratch/prefix" -type d -path '*/qt6/qml' | head -n 1)
if [ -n "$qml_dir" ] && [ -x "$scratch/build/qml-consumer" ]; then
    "$scratch/build/qml-consumer" "$qml_dir"
    echo "the installed SlimFaas QML module loads"
fi

# The installed programs start from the prefix, and talk to each other.
bin=$scratch/prefix/bin
# Whole outputs first: grep -q stopping early would break the pipe under pipefail.
help=$("$bin/slimfaas-emulator" --help)
grep -q -- --ws-port <<<"$help"
help=$("$bin/slimfaas-tap" --help)
grep -q -- --function <<<"$help"
QT_QPA_PLATFORM=offscreen "$bin/slimfaas-emulator" --ws-port 0 --http-port 0 --host 127.0.0.1 \
    --log-json >"$scratch/emulator.log" 2>&1 &
emulator=$!
tap=
trap 'kill $emulator $tap 2>/dev/null || true; rm -rf "$scratch"' EXIT
for _ in $(seq 300); do
    grep -q '"listening"' "$scratch/emulator.log" && break
    sleep 0.1
done
ws_url=$(grep -o '"webSocketUrl":"[^"]*"' "$scratch/emulator.log" | cut -d'"' -f4)
[ -n "$ws_url" ] || { cat "$scratch/emulator.log"; exit 1; }
"$bin/slimfaas-tap" --url "$ws_url" --function package-check >/dev/null 2>"$scratch/tap.log" &
tap=$!
for _ in $(seq 300); do
    grep -q '"functionRegistered"' "$scratch/emulator.log" && break
    sleep 0.1
done
grep -q '"functionRegistered".*package-check\|package-check.*"functionRegistered"' \
    "$scratch/emulator.log" || { cat "$scratch/emulator.log" "$scratch/tap.log"; exit 1; }
echo "installed slimfaas-emulator and slimfaas-tap ran from the prefix"
