pragma circom 2.0.0;

// Proves knowledge of a private factor a such that c = a * b, with b public (and c the public output).
template Multiplier() {
    signal input a;
    signal input b;
    signal output c;
    c <== a * b;
}

component main {public [b]} = Multiplier();
