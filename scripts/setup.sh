#!/usr/bin/env bash
# Installs what ZkChain needs on a fresh machine: npm packages (Hardhat, solc, test oracles) and NuGet packages.
# Idempotent: skips npm ci when node_modules matches the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.zkchain-lock 2>/dev/null; then
  npm ci --no-audit --no-fund
  cp package-lock.json node_modules/.zkchain-lock
fi
dotnet restore ZkChain.sln --nologo -v quiet
