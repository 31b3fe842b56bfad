pragma circom 2.0.0;

// Benchmark circuit: N squarings in a chain (one R1CS constraint each), one public input and one output.
// N is set by scripts/bench-prove.sh through the `component main` line it appends.
template MulChain(N) {
    signal input a;
    signal input b;
    signal output out;
    signal x[N];
    x[0] <== a * b;
    for (var i = 1; i < N; i++) {
        x[i] <== x[i - 1] * x[i - 1] + i;
    }
    out <== x[N - 1];
}
