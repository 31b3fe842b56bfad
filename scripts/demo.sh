#!/usr/bin/env bash
# The main job on a fresh machine: installs what is needed, builds zkchain, and runs `zkchain demo`
# (end-to-end: commit the shipped data, train with proof, attest on a local devnet, read back and re-check).
# Extra arguments are passed to `zkchain demo` (see `zkchain demo --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
dotnet build src/Cli/ZkChain.Cli.csproj -c Release --nologo -v quiet -clp:ErrorsOnly >&2
exec dotnet src/Cli/bin/Release/net10.0/zkchain.dll demo "$@"
