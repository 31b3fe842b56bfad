using System.Buffers.Binary;
using System.Numerics;
using Org.BouncyCastle.Crypto.Digests;
using ZkChain.Algebra;
using ZkChain.Groth16.Formats;
using ZkChain.R1cs;

namespace ZkChain.Groth16;

/// <summary>
/// Groth16 circuit-specific setup (phase 2 start) from a prepared powers-of-tau file, producing the
/// same zkey content as `snarkjs groth16 setup`: delta = gamma = 1 (so the result is NOT safe until
/// at least one honest phase-2 contribution), A/B/C/IC from the Lagrange bases, H from the odd
/// positions of the 2n-point Lagrange basis, and the Blake2b circuit hash (csHash).
/// </summary>
public static class Groth16Setup
{
    /// <summary>The domain snarkjs picks: the smallest 2^k strictly greater than nConstraints + nPublic.</summary>
    public static int DomainLog2(ConstraintSystem cs)
    {
        ArgumentNullException.ThrowIfNull(cs);
        var x = (uint)(cs.Constraints.Count + cs.NPublic);
        return (x == 0 ? 0 : BitOperations.Log2(x)) + 1;
    }

    public static ProvingKey Setup(ConstraintSystem cs, PowersOfTauData ptau, IProgress<(string Stage, double Fraction)>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(cs);
        ArgumentNullException.ThrowIfNull(ptau);
        if (!ptau.IsPreparedForPhase2)
        {
            throw new ArgumentException("the powers of tau file is not prepared for phase 2 (run `powersoftau prepare phase2` first)", nameof(ptau));
        }
        var cirPower = DomainLog2(cs);
        if (cirPower > ptau.Power)
        {
            throw new ArgumentException($"circuit too big for this powers of tau: {cs.Constraints.Count} constraints + {cs.NPublic} public need 2^{cirPower} > 2^{ptau.Power}", nameof(ptau));
        }
        var n = 1 << cirPower;
        var nPublic = cs.NPublic;
        var nVars = cs.NWires;
        var m = cs.Constraints.Count;
        var off = PowersOfTauData.LagrangeOffset(cirPower);
        var lTau = ptau.LagrangeTauG1!.AsSpan(off, n).ToArray();
        var lTau2 = ptau.LagrangeTauG2!.AsSpan(off, n).ToArray();
        var lAlpha = ptau.LagrangeAlphaTauG1!.AsSpan(off, n).ToArray();
        var lBeta = ptau.LagrangeBetaTauG1!.AsSpan(off, n).ToArray();

        // Gather, per signal, the (basis point, coefficient) terms of each output point.
        var aTerms = NewLists(nVars);
        var b1Terms = NewLists(nVars);
        var icTerms = NewLists(nPublic + 1);
        var cTerms = NewLists(nVars - nPublic - 1);
        void AddIcOrC(int s, G1Affine basis, Fr v)
        {
            if (s <= nPublic) icTerms[s].Add((basis, v));
            else cTerms[s - nPublic - 1].Add((basis, v));
        }
        List<(G2Affine, Fr)>[] b2 = Enumerable.Range(0, nVars).Select(_ => new List<(G2Affine, Fr)>()).ToArray();
        for (var c = 0; c < m; c++)
        {
            var con = cs.Constraints[c];
            foreach (var t in con.A.Terms)
            {
                CheckWire(t.Wire, nVars, c);
                aTerms[t.Wire].Add((lTau[c], t.Coefficient));
                AddIcOrC(t.Wire, lBeta[c], t.Coefficient);
            }
            foreach (var t in con.B.Terms)
            {
                CheckWire(t.Wire, nVars, c);
                b1Terms[t.Wire].Add((lTau[c], t.Coefficient));
                b2[t.Wire].Add((lTau2[c], t.Coefficient));
                AddIcOrC(t.Wire, lAlpha[c], t.Coefficient);
            }
            foreach (var t in con.C.Terms)
            {
                CheckWire(t.Wire, nVars, c);
                AddIcOrC(t.Wire, lTau[c], t.Coefficient);
            }
        }
        for (var s = 0; s <= nPublic; s++)
        {
            aTerms[s].Add((lTau[m + s], Fr.One));
            icTerms[s].Add((lBeta[m + s], Fr.One));
        }
        progress?.Report(("setup: constraints", 1));

        var ic = Combine(icTerms, progress, "setup: IC");
        var cPts = Combine(cTerms, progress, "setup: C");
        var aPts = Combine(aTerms, progress, "setup: A");
        var b1Pts = Combine(b1Terms, progress, "setup: B1");
        var b2Pts = CombineG2(b2, progress, "setup: B2");

        // H: odd positions of the Lagrange basis for the 2n domain.
        var off2 = PowersOfTauData.LagrangeOffset(cirPower + 1);
        var hPts = new G1Affine[n];
        for (var i = 0; i < n; i++) hPts[i] = ptau.LagrangeTauG1![off2 + 2 * i + 1];

        var g1 = Curve.G1Generator;
        var g2 = Curve.G2Generator;
        var pk = new ProvingKey
        {
            NVars = nVars, NPublic = nPublic, DomainSize = n,
            Alpha1 = ptau.AlphaTauG1[0], Beta1 = ptau.BetaTauG1[0], Beta2 = ptau.BetaG2,
            Gamma2 = g2, Delta1 = g1, Delta2 = g2,
            IC = ic, Coefficients = ZkeyCircuitMatch.ExpectedCoefficients(cs), A = aPts, B1 = b1Pts, B2 = b2Pts, C = cPts, H = hPts,
            Mpc = new MpcParams(new byte[64], []),
        };
        var csHash = CircuitHash(pk, ptau);
        return pk.WithDelta(pk.Delta1, pk.Delta2, pk.C, pk.H, new MpcParams(csHash, []));
    }

    /// <summary>Below this many terms a signal's point is summed with plain scalar multiplications.</summary>
    private const int SmallTerms = 8;

    private static void CheckWire(int wire, int nVars, int c)
    {
        if ((uint)wire >= (uint)nVars) throw new ArgumentException($"constraint {c} uses wire {wire} but the circuit has {nVars} wires");
    }

    private static List<(G1Affine, Fr)>[] NewLists(int n) => Enumerable.Range(0, Math.Max(0, n)).Select(_ => new List<(G1Affine, Fr)>()).ToArray();

    private static G1Affine[] Combine(List<(G1Affine P, Fr S)>[] terms, IProgress<(string, double)>? progress, string stage)
    {
        var res = new G1Jacobian[terms.Length];
        Parallel.For(0, terms.Length, i =>
        {
            var t = terms[i];
            if (t.Count <= SmallTerms)
            {
                var acc = Curve.G1JacobianInfinity;
                foreach (var (pt, sc) in t) acc = Curve.Add(acc, Curve.Mul(pt, sc));
                res[i] = acc;
            }
            else
            {
                res[i] = Msm.G1(t.Select(x => x.P).ToArray(), t.Select(x => x.S).ToArray());
            }
        });
        progress?.Report((stage, 1));
        return Curve.BatchToAffine(res);
    }

    private static G2Affine[] CombineG2(List<(G2Affine P, Fr S)>[] terms, IProgress<(string, double)>? progress, string stage)
    {
        var res = new G2Jacobian[terms.Length];
        Parallel.For(0, terms.Length, i =>
        {
            var t = terms[i];
            if (t.Count <= SmallTerms)
            {
                var acc = Curve.G2JacobianInfinity;
                foreach (var (pt, sc) in t) acc = Curve.Add(acc, Curve.Mul(pt, sc));
                res[i] = acc;
            }
            else
            {
                res[i] = Msm.G2(t.Select(x => x.P).ToArray(), t.Select(x => x.S).ToArray());
            }
        });
        progress?.Report((stage, 1));
        return Curve.BatchToAffine(res);
    }

    /// <summary>
    /// snarkjs's circuit hash: Blake2b-512 over the uncompressed (big-endian) alpha1, beta1, beta2,
    /// gamma2, delta1, delta2, then for IC, H, C, A, B1, B2 a big-endian u32 count and the points,
    /// where the H points hashed are tau^(i+n)·G1 − tau^i·G1 for i &lt; n − 1.
    /// </summary>
    public static byte[] CircuitHash(ProvingKey pk, PowersOfTauData ptau)
    {
        ArgumentNullException.ThrowIfNull(pk);
        ArgumentNullException.ThrowIfNull(ptau);
        var n = pk.DomainSize;
        var count = CircuitHashHPointCount(n);
        // Beyond 2^14, snarkjs reads tau^(i+n) up to 2n − 1: one point past the tauG1 section (2n − 1 points) when
        // the ptau's power equals the circuit's. It then hashes whatever 64 bytes follow in the file (the next
        // section's header and the start of tauG2[0]) as if they were a point; reproduce that exactly.
        var inFile = Math.Min(count, ptau.TauG1.Length - n);
        var past = count - inFile;
        if (past > 0 && ptau.BytesAfterTauG1.Length < past * PointCodec.G1Size)
        {
            throw new InvalidDataException(
                $"snarkjs-compatible circuit hash needs tau powers up to {count - 1 + n}, and this powers of tau has {ptau.TauG1.Length} " +
                "(not read from a file, so the bytes snarkjs reads past its tauG1 section are unknown); use a powers of tau with a larger power");
        }
        var diffs = new G1Jacobian[inFile];
        Parallel.For(0, inFile, i => diffs[i] = Curve.Add(Curve.ToJacobian(ptau.TauG1[i + n]), Curve.Neg(ptau.TauG1[i])));
        var hashed = Curve.BatchToAffine(diffs);
        if (past > 0)
        {
            Array.Resize(ref hashed, count);
            for (var i = inFile; i < count; i++)
            {
                var raw = ptau.BytesAfterTauG1.AsSpan((i - inFile) * PointCodec.G1Size, PointCodec.G1Size);
                hashed[i] = SubtractRaw(raw, ptau.TauG1[i]);
            }
        }
        return CircuitHash(pk, hashed);
    }

    /// <summary>
    /// What snarkjs hashes for P − T when P is 64 raw bytes that need not be a point or even reduced field elements:
    /// its wasm g1m_subAffine (add-affine formula with Montgomery-form operands), then conversion to affine. The
    /// wasm field addition and subtraction only correct by one q, so on unreduced operands they are not arithmetic
    /// mod q; they are emulated exactly on 256-bit integers (<see cref="WasmF1m"/>). Once the projective result
    /// exists, every later wasm step (multiplication, inversion, conversion) is exact mod q.
    /// </summary>
    private static G1Affine SubtractRaw(ReadOnlySpan<byte> raw, in G1Affine t)
    {
        var nt = t.Neg();
        var x1 = new BigInteger(raw[..32], isUnsigned: true);
        var y1 = new BigInteger(raw[32..64], isUnsigned: true);
        if (x1.IsZero && y1.IsZero) return nt; // snarkjs's isZeroAffine: the zero bytes are the point at infinity
        if (nt.IsInfinity) throw new InvalidDataException("ptau tauG1 point is infinity; the snarkjs circuit hash cannot be reproduced");
        var x2 = WasmF1m.ToMont(nt.X.ToBigInteger());
        var y2 = WasmF1m.ToMont(nt.Y.ToBigInteger());
        if (x1 == x2) throw new InvalidDataException("the bytes after the ptau's tauG1 section equal a tau power's x coordinate; the snarkjs circuit hash cannot be reproduced");

        // wasmcurves g1m_addAffine, operation for operation.
        var h = WasmF1m.Sub(x2, x1);
        var yDiff = WasmF1m.Sub(y2, y1);
        var hh = WasmF1m.Mul(h, h);
        var i4 = WasmF1m.Add(hh, hh);
        i4 = WasmF1m.Add(i4, i4);
        var j = WasmF1m.Mul(h, i4);
        var r = WasmF1m.Add(yDiff, yDiff);
        var v = WasmF1m.Mul(x1, i4);
        var r2 = WasmF1m.Mul(r, r);
        var v2 = WasmF1m.Add(v, v);
        var x3 = WasmF1m.Sub(WasmF1m.Sub(r2, j), v2);
        var y1j = WasmF1m.Mul(y1, j);
        y1j = WasmF1m.Add(y1j, y1j);
        var y3 = WasmF1m.Sub(WasmF1m.Mul(WasmF1m.Sub(v, x3), r), y1j);
        var z3 = WasmF1m.Add(h, h);

        // Jacobian (X, Y, Z) in Montgomery form -> affine, exactly mod q from here on.
        var q = Fq.Modulus;
        var X = WasmF1m.FromMont(x3);
        var Y = WasmF1m.FromMont(y3);
        var Z = WasmF1m.FromMont(z3);
        if (Z.IsZero) throw new InvalidDataException("the snarkjs circuit hash point past the ptau's tauG1 section is at infinity; it cannot be reproduced");
        var zInv = BigInteger.ModPow(Z, q - 2, q);
        var zInv2 = zInv * zInv % q;
        return new G1Affine(Fq.FromBigInteger(X * zInv2 % q), Fq.FromBigInteger(Y * zInv2 % q * zInv % q));
    }

    /// <summary>
    /// wasmcurves' f1m arithmetic on raw 256-bit Montgomery representations (ffjavascript's bn128 G1 field),
    /// including its behaviour on operands ≥ q: add subtracts q once after a carry or when ≥ q, sub adds q once
    /// after a borrow (both wrap mod 2^256), and mul returns (x·y + m·q)/2^256 less one q when that is ≥ q.
    /// </summary>
    private static class WasmF1m
    {
        private static readonly BigInteger Q = Fq.Modulus;
        private static readonly BigInteger R = BigInteger.One << 256;
        // −q^−1 mod 2^256. The odd residues mod 2^256 form a group of exponent 2^254, so q^(2^255 − 1) = q^−1.
        private static readonly BigInteger QInvNeg = R - BigInteger.ModPow(Q, (BigInteger.One << 255) - 1, R);
        private static readonly BigInteger RInv = BigInteger.ModPow(R, Q - 2, Q);

        public static BigInteger Add(BigInteger x, BigInteger y)
        {
            var s = x + y;
            if (s >= R) return Mod(s - R - Q);
            return s >= Q ? s - Q : s;
        }

        public static BigInteger Sub(BigInteger x, BigInteger y)
        {
            var d = x - y;
            return d.Sign < 0 ? Mod(d + R + Q) : d;
        }

        public static BigInteger Mul(BigInteger x, BigInteger y)
        {
            var t = x * y;
            var m = Mod(t * QInvNeg);
            var v = (t + m * Q) >> 256;
            return v >= Q ? v - Q : v;
        }

        public static BigInteger ToMont(BigInteger canonical) => (canonical << 256) % Q;

        public static BigInteger FromMont(BigInteger raw) => raw % Q * RInv % Q;

        private static BigInteger Mod(BigInteger v) => ((v % R) + R) % R;
    }

    /// <summary>
    /// How many (tau^(i+n) − tau^i)·G1 points snarkjs's circuit hash covers for domain size n: n − 1, except that
    /// snarkjs hashes them in chunks of 2^14 points and always whole chunks, so beyond 2^14 it rounds up.
    /// </summary>
    internal static int CircuitHashHPointCount(int n)
    {
        const int chunk = 1 << 14;
        return Math.Max(0, n - 1 <= chunk ? n - 1 : (n - 1 + chunk - 1) / chunk * chunk);
    }

    /// <summary>
    /// The circuit hash of a delta = 1 key given the hashed H points, (tau^(i+n) − tau^i)·G1 for
    /// i &lt; <see cref="CircuitHashHPointCount"/>(n): a setup that knows tau computes them directly.
    /// </summary>
    internal static byte[] CircuitHash(ProvingKey pk, ReadOnlySpan<G1Affine> hashedHPoints)
    {
        ArgumentNullException.ThrowIfNull(pk);
        if (hashedHPoints.Length != CircuitHashHPointCount(pk.DomainSize))
        {
            throw new ArgumentException($"the circuit hash covers {CircuitHashHPointCount(pk.DomainSize)} H points, not {hashedHPoints.Length}", nameof(hashedHPoints));
        }
        var h = new Blake2bDigest(512);
        void Upd(byte[] b) => h.BlockUpdate(b, 0, b.Length);
        void U32(int v) { var b = new byte[4]; BinaryPrimitives.WriteUInt32BigEndian(b, (uint)v); Upd(b); }
        Upd(PointCodec.G1Uncompressed(pk.Alpha1));
        Upd(PointCodec.G1Uncompressed(pk.Beta1));
        Upd(PointCodec.G2Uncompressed(pk.Beta2));
        Upd(PointCodec.G2Uncompressed(Curve.G2Generator));
        Upd(PointCodec.G1Uncompressed(Curve.G1Generator));
        Upd(PointCodec.G2Uncompressed(Curve.G2Generator));
        void G1s(G1Affine[] pts) { U32(pts.Length); foreach (var p in pts) Upd(PointCodec.G1Uncompressed(p)); }
        G1s(pk.IC);
        // snarkjs writes the H count as n − 1 even when it hashes a rounded-up number of points.
        U32(pk.DomainSize - 1);
        foreach (var p in hashedHPoints) Upd(PointCodec.G1Uncompressed(p));
        G1s(pk.C);
        G1s(pk.A);
        G1s(pk.B1);
        U32(pk.B2.Length);
        foreach (var p in pk.B2) Upd(PointCodec.G2Uncompressed(p));
        var res = new byte[64];
        h.DoFinal(res, 0);
        return res;
    }
}
