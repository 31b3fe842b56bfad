#!/usr/bin/env bash
# Optional: publishes zkchain ahead of time (Native AOT) for this machine's instruction set into
# src/Cli/bin/native/zkchain. scripts/zkchain uses it while it is newer than the sources; everything also works
# with the framework-dependent build (dotnet zkchain.dll). The native binary starts in milliseconds and never
# JIT-compiles, which a one-shot `groth16 prove` notices (docs/benchmarks.md). It targets the instruction set of
# the machine that built it (IlcInstructionSet=native), so build it where it runs.
# Usage: scripts/build-native.sh            prints the binary's path on success
set -euo pipefail
cd "$(dirname "$0")/.."
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) rid=linux-x64 ;;
  Linux-aarch64) rid=linux-arm64 ;;
  Darwin-arm64) rid=osx-arm64 ;;
  Darwin-x86_64) rid=osx-x64 ;;
  *) echo "build-native: no Native AOT target for $(uname -s) $(uname -m); use the framework-dependent build" >&2; exit 2 ;;
esac
out=src/Cli/bin/native
rm -rf "$out.tmp"
# ILC's output is reused when its inputs look unchanged, even after a run that reported AOT analysis errors: start clean.
rm -rf "src/Cli/obj/Release/net10.0/$rid/native"
echo "build-native: publishing zkchain for $rid (Native AOT, about a minute)" >&2
dotnet publish src/Cli/ZkChain.Cli.csproj -c Release -r "$rid" -p:PublishAot=true -o "$out.tmp" \
  --nologo -v quiet -clp:ErrorsOnly >&2
# The native build must answer before it replaces the previous one.
"$out.tmp/zkchain" --version >/dev/null
rm -rf "$out.old"
[ ! -d "$out" ] || mv "$out" "$out.old"
mv "$out.tmp" "$out"
rm -rf "$out.old"
echo "$(pwd)/$out/zkchain"
