#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the build tree into a scratch prefix, then builds and runs a separate project
# that finds it with find_package(SlimFaasQt COMPONENTS ...), and runs the installed programs
# from there.
#   install-and-consume.sh BUILD_DIR [CXX_FLAGS]          cmake --install into the prefix
#   install-and-consume.sh --deb BUILD_DIR [CXX_FLAGS]    cpack -G DEB, then dpkg-deb -x each
#                                                         package: the prefix is <root>/usr
set -euo pipefail
mode=install
if [ "${1:-}" = "--deb" ]; then
    mode=deb
    shift
fi
build_dir=$1
cxx_flags=${2:-} # the main build's flags, so that a sanitizer build's consumer links alike
source_dir=$(cd "$(dirname "$0")" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
if [ "$mode" = deb ]; then
    cpack --config "$build_dir/CPackConfig.cmake" -G DEB -B "$scratch/packages" >"$scratch/cpack.log" 2>&1 \
        || { cat "$scratch/cpack.log"; exit 1; }
    for deb in "$scratch"/packages/*.deb; do
        echo "$(basename "$deb"): $(dpkg-deb -f "$deb" Depends)"
        dpkg-deb -x "$deb" "$scratch/root"
    done
    for package in libslimfaasqt0 libslimfaasqt-dev slimfaas-tools; do
        ls "$scratch"/packages/${package}_*.deb >/dev/null
    done
    prefix=$scratch/root/usr
else
    cmake --install "$build_dir" --prefix "$scratch/prefix" >/dev/null
    prefix=$scratch/prefix
fi
cmake -S "$source_dir/consumer" -B "$scratch/build" -G Ninja \
      -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_FLAGS="$cxx_flags" >/dev/null
cmake --build "$scratch/build" >/dev/null
# No LD_LIBRARY_PATH from here on: what is installed must find its libraries by itself.
unset LD_LIBRARY_PATH
"$scratch/build/consumer"
echo "find_package(SlimFaasQt COMPONENTS Client Emulator) consumer built and ran ($mode)"

# An unknown component fails the configuration, and says which.
if cmake -S "$source_dir/unknown-component" -B "$scratch/unknown" -DCMAKE_PREFIX_PATH="$prefix" \
        >"$scratch/unknown.log" 2>&1; then
    echo "find_package(SlimFaasQt COMPONENTS Emulater) did not fail"; exit 1
fi
grep -q 'no component "Emulater"' "$scratch/unknown.log" || { cat "$scratch/unknown.log"; exit 1; }
echo "an unknown component is refused by name"

# pkg-config alone is enough to build against the emulator library.
pc_dir=$(dirname "$(find "$prefix" -name slimfaasqt-emulator.pc | head -n 1)")
flags=$(PKG_CONFIG_PATH="$pc_dir" pkg-config --cflags --libs slimfaasqt-emulator)
# shellcheck disable=SC2086 # the flags are words; CXX: the compiler of the build (sanitizers)
"${CXX:-c++}" -std=c++17 -fPIC $cxx_flags "$source_dir/consumer/pkgconfig.cpp" \
    -o "$scratch/pc-consumer" $flags -Wl,-rpath,"$prefix/lib"
"$scratch/pc-consumer"
echo "pkg-config slimfaasqt-emulator: built and ran"

qml_dir=$(find "$prefix" -type d -path '*/qt6/qml' | head -n 1)
if [ -n "$qml_dir" ] && [ -x "$scratch/build/qml-consumer" ]; then
    "$scratch/build/qml-consumer" "$qml_dir"
    echo "the installed SlimFaas QML module loads (SlimFaasQt::Qml)"
fi

# The licence, and with the docs built (SLIMFAASQT_BUILD_DOCS) the reference and man pages.
doc=$prefix/share/doc/slimfaas-qt
[ -s "$doc/LICENSE" ] || { echo "missing: $doc/LICENSE"; exit 1; }
if [ -d "$build_dir/docs" ]; then
    for file in "$doc/slimfaas-qt.qch" "$doc/html/index.html"; do
        [ -s "$file" ] || { echo "missing: $file"; exit 1; }
    done
    for program in slimfaas-emulator slimfaas-tap slimfaas-call; do
        grep -q '^\.TH' "$prefix/share/man/man1/$program.1"
    done
    echo "the licence, the API reference (.qch) and the man pages are installed"
fi

# The installed programs start from the prefix, and talk to each other. --help needs no
# display, the monitor's included.
bin=$prefix/bin
# Whole outputs first: grep -q stopping early would break the pipe under pipefail.
help=$("$bin/slimfaas-emulator" --help)
grep -q -- --ws-port <<<"$help"
help=$("$bin/slimfaas-tap" --help)
grep -q -- --function <<<"$help"
help=$("$bin/slimfaas-call" --help)
grep -q -- --url <<<"$help"
if [ -x "$bin/slimfaas-monitor" ]; then
    help=$(env -u QT_QPA_PLATFORM -u DISPLAY -u WAYLAND_DISPLAY "$bin/slimfaas-monitor" --help)
    grep -q -- --function <<<"$help"
    echo "slimfaas-monitor --help ran without a display"
fi
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
echo "installed slimfaas-emulator and slimfaas-tap ran from the prefix ($mode)"
