#!/usr/bin/env bash
# Groth16 proving, zkchain vs snarkjs, on the same .zkey and .wtns in one run.
# For each size 2^k: compile a chain-of-squarings circom circuit (circom2), compute its witness (snarkjs),
# make a local powers of tau and a zkey with zkchain (development only), then time `groth16 prove` with each tool
# (wall clock, CPU time = user + system, and peak RSS from GNU time), check both proofs with both verifiers, and
# print a Markdown table. zkchain is timed twice: as the Native AOT binary of scripts/build-native.sh (what
# scripts/zkchain runs once it is built) and as the framework-dependent zkchain.dll (JIT). On a shared machine the CPU
# columns are the trustworthy ones; the load average is recorded.
# Each prover runs RUNS times (default 3, interleaved: native, dll, snarkjs, native, ...) and the run with the median
# wall time is reported for each, so that one slow moment of a shared machine does not decide a ratio.
# Usage: [RUNS=n] scripts/bench-prove.sh [k ...]     (default: 16 18)   Results also go to artifacts/bench/prove.md
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(16 18)
RUNS=${RUNS:-3}
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "bench-prove: RUNS must be a positive integer, got '$RUNS'" >&2; exit 2; }
WORK="$ROOT/artifacts/bench"; mkdir -p "$WORK"
ZK="dotnet $ROOT/src/Cli/bin/Release/net10.0/zkchain.dll"
SNARKJS="node $ROOT/node_modules/snarkjs/build/cli.cjs"
CIRCOM="node $ROOT/node_modules/circom2/cli.js"
bash scripts/setup.sh >/dev/null
dotnet build src/Cli/ZkChain.Cli.csproj -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null
NATIVE=$(bash scripts/build-native.sh)

measure() { # outfile cmd... -> prints "wallSeconds peakMiB cpuSeconds"
  local log="$WORK/time.$$.txt"
  /usr/bin/time -v -o "$log" "${@:2}" >"$1" 2>&1 || { cat "$1" >&2; return 1; }
  local wall rss cpu
  wall=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep "Maximum resident set size" "$log" | awk '{print int($NF/1024)}')
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$log")
  rm -f "$log"
  echo "$wall $rss $cpu"
}

median() { # "wall mem cpu" per run -> the run with the median wall time (the lower middle one for an even count)
  printf '%s\n' "$@" | sort -n -k1,1 | sed -n "$(( ($# + 1) / 2 ))p"
}

row() { # label wall mem cpu: one zkchain row against this size's snarkjs run ($n, $k, $ss, $sc, $sm, $load)
  local r c
  r=$(awk -v a="$ss" -v b="$2" 'BEGIN { printf "%.1f", a / b }')
  c=$(awk -v a="$sc" -v b="$4" 'BEGIN { printf "%.1f", a / b }')
  echo "| $n (2^$k) | $1 | $2 | $4 | $3 | $ss | $sc | $sm | ${r}× | ${c}× | $load |" >> "$WORK/prove.md"
}

{
echo "| constraints | zkchain | wall (s) | CPU (s) | peak RSS (MiB) | snarkjs wall (s) | snarkjs CPU (s) | snarkjs peak RSS (MiB) | speed-up wall | speed-up CPU | load avg |"
echo "|---:|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} > "$WORK/prove.md"
: > "$WORK/runs.txt"

for k in "${SIZES[@]}"; do
  D="$WORK/k$k"; mkdir -p "$D"
  n=$(( (1 << k) - 64 ))
  echo "== 2^$k: $n constraints" >&2
  if [ ! -f "$D/circuit.r1cs" ]; then
    { cat bench/circuits/mulchain.circom; echo "component main {public [b]} = MulChain($n);"; } > "$D/circuit.circom"
    (cd "$D" && $CIRCOM circuit.circom --r1cs --wasm -o . >/dev/null)
    echo "{\"a\": \"3\", \"b\": \"5\"}" > "$D/input.json"
    $SNARKJS wtns calculate "$D/circuit_js/circuit.wasm" "$D/input.json" "$D/witness.wtns"
  fi
  # Fixtures made before the random contribution was added had tau = 1, which makes almost every zkey point
  # infinity (a degenerate benchmark); rebuild those.
  [ -f "$D/setup-dev.done" ] || rm -f "$D/circuit.zkey"
  if [ ! -f "$D/circuit.zkey" ]; then
    # Development setup (in-memory single-party powers of tau + one local contribution): the benchmark is about proving.
    $ZK groth16 setup-dev "$D/circuit.r1cs" "$D/circuit.zkey" >&2
    touch "$D/setup-dev.done"
  fi
  [ -f "$D/vk.json" ] || $ZK zkey export verificationkey "$D/circuit.zkey" "$D/vk.json" >&2
  load=$(cut -d' ' -f1 /proc/loadavg)
  nall=(); zall=(); sall=()
  for ((run = 1; run <= RUNS; run++)); do
    nall+=("$(measure "$D/zk-native.log" "$NATIVE" groth16 prove "$D/circuit.zkey" "$D/witness.wtns" "$D/proof.native.json" "$D/public.native.json")")
    zall+=("$(measure "$D/zk.log" $ZK groth16 prove "$D/circuit.zkey" "$D/witness.wtns" "$D/proof.zk.json" "$D/public.zk.json")")
    sall+=("$(measure "$D/snarkjs.log" $SNARKJS groth16 prove "$D/circuit.zkey" "$D/witness.wtns" "$D/proof.snarkjs.json" "$D/public.snarkjs.json")")
  done
  nres=$(median "${nall[@]}"); zres=$(median "${zall[@]}"); sres=$(median "${sall[@]}")
  echo "2^$k runs (wall MiB cpu): native ${nall[*]} | dll ${zall[*]} | snarkjs ${sall[*]}" >> "$WORK/runs.txt"
  read -r ns nm nc <<< "$nres"
  read -r zs zm zc <<< "$zres"
  read -r ss sm sc <<< "$sres"
  load="$load–$(cut -d' ' -f1 /proc/loadavg)"
  # Every proof must verify with both verifiers, or the timing means nothing.
  for who in native zk; do
    $SNARKJS groth16 verify "$D/vk.json" "$D/public.$who.json" "$D/proof.$who.json" | grep -q OK
  done
  "$NATIVE" groth16 verify "$D/vk.json" "$D/public.snarkjs.json" "$D/proof.snarkjs.json" | grep -q OK
  $ZK groth16 verify "$D/vk.json" "$D/public.snarkjs.json" "$D/proof.snarkjs.json" | grep -q OK
  row "native (AOT)" "$ns" "$nm" "$nc"
  row "zkchain.dll (JIT)" "$zs" "$zm" "$zc"
done
echo "" >> "$WORK/prove.md"
echo "Measured $(date -u +%Y-%m-%d) on $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; wall clock, CPU (user + system) and peak RSS from GNU time of the median-wall run of $RUNS per prover (runs interleaved; every run in artifacts/bench/runs.txt), same .zkey and .wtns for every prover; every proof checked by both verifiers." >> "$WORK/prove.md"
cat "$WORK/prove.md"
