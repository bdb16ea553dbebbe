#!/usr/bin/env bash
# Installs the build tree into a scratch prefix, then builds and runs a separate project
# that finds it with find_package(SlimFaasQt).
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
LD_LIBRARY_PATH="$scratch/prefix/lib:$scratch/prefix/lib/x86_64-linux-gnu:${LD_LIBRARY_PATH:-}" \
    "$scratch/build/consumer"
echo "find_package(SlimFaasQt) consumer built and ran against the installed copy"
