using System.Numerics;
using System.Runtime.Intrinsics;
using ZkChain.Algebra;

namespace ZkChain.Algebra.Tests;

public unsafe class VectorFieldTests
{
    private static readonly BigInteger P = Fq.Modulus;

    private static U256[] Edge()
    {
        var one = Fq.One.V;
        return
        [
            default,                                   // 0
            new U256(1, 0, 0, 0),                      // 1 (Montgomery form of R^-1)
            one,                                       // Montgomery 1
            U256.FromBigInteger(P - 1),                // largest canonical value
            U256.FromBigInteger(P - 2),
            U256.FromBigInteger((BigInteger.One << 253) - 1),
            U256.FromBigInteger(BigInteger.One << 253),
            new U256(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, 0),  // all limbs full below the top word
            new U256((1UL << 29) - 1, 1UL << 29, ulong.MaxValue >> 6, 0x30644e72e131a029UL - 1),
            new U256(0, 0, 0, 1),
        ];
    }

    private static void CheckLanes(U256[] a, U256[] b)
    {
        Assert.Equal(8, a.Length);
        var r = new U256[8];
        fixed (U256* pa = a, pb = b, pr = r)
        {
            Fq8.Load(pa, out var va);
            Fq8.Load(pb, out var vb);
            Fq8.Mul(va, vb, out var vr);
            Fq8.ReduceOnce(ref vr);
            Fq8.Store(vr, pr);
        }
        for (int l = 0; l < 8; l++)
        {
            // Inputs may be any value below 2p; the scalar reference takes the canonical representative.
            var ca = U256.FromBigInteger(a[l].ToBigInteger() % P);
            var cb = U256.FromBigInteger(b[l].ToBigInteger() % P);
            Mont<FqModulus>.Mul(ca, cb, out var expected);
            Assert.True(expected.Equals(r[l]), $"lane {l}: {a[l].ToBigInteger()} * {b[l].ToBigInteger()}");
        }
    }

    private static void CheckLimbConstants(Func<int, ulong> limb, Func<int, long> twoPLimb, ulong negInv29, BigInteger modulus)
    {
        BigInteger p = 0;
        for (int k = 0; k < 9; k++)
        {
            Assert.True(limb(k) < 1UL << 29, $"limb {k} has more than 29 bits");
            Assert.Equal(2 * (long)limb(k), twoPLimb(k));
            p += new BigInteger(limb(k)) << (29 * k);
        }
        Assert.Equal(modulus, p);
        Assert.Equal(BigInteger.Zero, (modulus * negInv29 + 1) % (BigInteger.One << 29));
    }

    [Fact]
    public void Limb_constants_match_the_modulus()
    {
        CheckLimbConstants(Fq8.Limb, Fq8.TwoPLimb, Fq8.NegInv29, P);
        CheckLimbConstants(Fr8.Limb, Fr8.TwoPLimb, Fr8.NegInv29, Fr.Modulus);
    }

    /// <summary>
    /// The Fr instantiation (the NTT's lanes) against the scalar Fr: products, sums and differences of inputs below 2p
    /// (the lanes' lazy range) including p - 1, p and 2p - 1, reduced to canonical values before they are compared.
    /// </summary>
    [Fact]
    public void Fr_lanes_match_scalar_Fr()
    {
        if (!Fr8.IsSupported) return;
        var p = Fr.Modulus;
        var rng = new Random(29);
        BigInteger[] special = [0, 1, p - 1, p, p + 1, 2 * p - 1, (BigInteger.One << 253) - 1, BigInteger.One << 253];
        for (int rep = 0; rep < 300; rep++)
        {
            var a = new U256[8];
            var b = new U256[8];
            for (int l = 0; l < 8; l++)
            {
                a[l] = U256.FromBigInteger(rep < 8 ? special[(rep + l) % special.Length] : RandomBelow(rng, 2 * p));
                b[l] = U256.FromBigInteger(rep < 8 ? special[(rep * 3 + l) % special.Length] : RandomBelow(rng, 2 * p));
            }
            var prod = new U256[8];
            var sum = new U256[8];
            var diff = new U256[8];
            fixed (U256* pa = a, pb = b, pp = prod, ps = sum, pd = diff)
            {
                Fr8.Load(pa, out var va);
                Fr8.Load(pb, out var vb);
                Fr8.Mul(va, vb, out var vp); Fr8.ReduceOnce(ref vp); Fr8.Store(vp, pp);
                Fr8.Add(va, vb, out var vs); Fr8.ReduceOnce(ref vs); Fr8.Store(vs, ps);
                Fr8.Sub(va, vb, out var vd); Fr8.ReduceOnce(ref vd); Fr8.Store(vd, pd);
            }
            for (int l = 0; l < 8; l++)
            {
                var ca = U256.FromBigInteger(a[l].ToBigInteger() % p);
                var cb = U256.FromBigInteger(b[l].ToBigInteger() % p);
                Mont<FrModulus>.Mul(ca, cb, out var m);
                Mont<FrModulus>.Add(ca, cb, out var sm);
                Mont<FrModulus>.Sub(ca, cb, out var df);
                Assert.True(m.Equals(prod[l]), $"lane {l}: {a[l].ToBigInteger()} * {b[l].ToBigInteger()}");
                Assert.True(sm.Equals(sum[l]), $"lane {l}: {a[l].ToBigInteger()} + {b[l].ToBigInteger()}");
                Assert.True(df.Equals(diff[l]), $"lane {l}: {a[l].ToBigInteger()} - {b[l].ToBigInteger()}");
            }
        }
    }

    private static BigInteger RandomBelow(Random rng, BigInteger bound)
    {
        var buf = new byte[40];
        rng.NextBytes(buf);
        return new BigInteger(buf, isUnsigned: true) % bound;
    }

    [Fact]
    public void Load_store_round_trip_keeps_lane_order()
    {
        if (!Fq8.IsSupported) return;
        var a = new U256[8];
        for (int l = 0; l < 8; l++) a[l] = Fq.Random().V;
        var back = new U256[8];
        fixed (U256* pa = a, pb = back)
        {
            Fq8.Load(pa, out var v);
            Fq8.Store(v, pb);
        }
        for (int l = 0; l < 8; l++) Assert.True(a[l].Equals(back[l]), $"lane {l}");
    }

    [Fact]
    public void Lane_products_equal_scalar_products_random()
    {
        if (!Fq8.IsSupported) return;
        for (int rep = 0; rep < 500; rep++)
        {
            var a = new U256[8];
            var b = new U256[8];
            for (int l = 0; l < 8; l++) { a[l] = Fq.Random().V; b[l] = Fq.Random().V; }
            CheckLanes(a, b);
        }
    }

    [Fact]
    public void Lane_products_equal_scalar_products_edge_values()
    {
        if (!Fq8.IsSupported) return;
        var edge = Edge();
        // Every pair of edge values, spread over lanes so that neighbouring lanes differ.
        var pairs = new List<(U256, U256)>();
        foreach (var x in edge) foreach (var y in edge) pairs.Add((x, y));
        for (int start = 0; start < pairs.Count; start += 8)
        {
            var a = new U256[8];
            var b = new U256[8];
            for (int l = 0; l < 8; l++)
            {
                var (x, y) = pairs[(start + l * 3) % pairs.Count];
                a[l] = x; b[l] = y;
            }
            CheckLanes(a, b);
        }
    }

    [Fact]
    public void Lane_products_accept_lazily_reduced_inputs_below_2p()
    {
        if (!Fq8.IsSupported) return;
        var twoPMinus1 = U256.FromBigInteger(2 * P - 1);
        for (int rep = 0; rep < 200; rep++)
        {
            var a = new U256[8];
            var b = new U256[8];
            for (int l = 0; l < 8; l++)
            {
                a[l] = U256.FromBigInteger(Fq.Random().ToBigIntegerRaw() + P);
                b[l] = (l & 1) == 0 ? twoPMinus1 : U256.FromBigInteger(Fq.Random().ToBigIntegerRaw() + ((l & 2) == 0 ? P : 0));
            }
            CheckLanes(a, b);
        }
    }

    [Fact]
    public void Chained_products_stay_below_2p_and_match()
    {
        if (!Fq8.IsSupported) return;
        var a = new U256[8];
        var b = new U256[8];
        for (int l = 0; l < 8; l++) { a[l] = Fq.Random().V; b[l] = l == 3 ? U256.FromBigInteger(P - 1) : Fq.Random().V; }
        var r = new U256[8];
        fixed (U256* pa = a, pb = b, pr = r)
        {
            Fq8.Load(pa, out var acc);
            Fq8.Load(pb, out var vb);
            for (int i = 0; i < 100; i++) Fq8.Mul(acc, vb, out acc); // unreduced (< 2p) output fed back in
            Fq8.ReduceOnce(ref acc);
            Fq8.Store(acc, pr);
        }
        for (int l = 0; l < 8; l++)
        {
            var e = a[l];
            for (int i = 0; i < 100; i++) Mont<FqModulus>.Mul(e, b[l], out e);
            Assert.True(e.Equals(r[l]), $"lane {l}");
        }
    }

    private static BigInteger Canon(in U256 v) => v.ToBigInteger() % P;

    [Fact]
    public void Lane_add_and_sub_match_scalar_and_stay_below_2p()
    {
        if (!Fq8.IsSupported) return;
        var twoP = 2 * P;
        var edge = Edge().Select(e => e.ToBigInteger() % P).Concat([P, twoP - 1, P + 1]).ToArray();
        var rng = new Random(5);
        for (int rep = 0; rep < 300; rep++)
        {
            var a = new U256[8];
            var b = new U256[8];
            for (int l = 0; l < 8; l++)
            {
                BigInteger x = rep < 40 ? edge[(rep + l) % edge.Length] : Fq.Random().ToBigIntegerRaw() + (rng.Next(2) == 0 ? P : 0);
                BigInteger y = rep < 40 ? edge[(rep * 3 + l * 5) % edge.Length] : Fq.Random().ToBigIntegerRaw() + (rng.Next(2) == 0 ? P : 0);
                a[l] = U256.FromBigInteger(x); b[l] = U256.FromBigInteger(y);
            }
            var sum = new U256[8];
            var diff = new U256[8];
            fixed (U256* pa = a, pb = b, ps = sum, pd = diff)
            {
                Fq8.Load(pa, out var va);
                Fq8.Load(pb, out var vb);
                Fq8.Add(va, vb, out var vs);
                Fq8.Sub(va, vb, out var vd);
                Fq8.Store(vs, ps);  // below 2p, so still 256 bits: stored unreduced to check the bound
                Fq8.Store(vd, pd);
            }
            for (int l = 0; l < 8; l++)
            {
                Assert.True(sum[l].ToBigInteger() < twoP && diff[l].ToBigInteger() < twoP, $"lane {l} not below 2p");
                Assert.Equal((Canon(a[l]) + Canon(b[l])) % P, Canon(sum[l]));
                Assert.Equal(((Canon(a[l]) - Canon(b[l])) % P + P) % P, Canon(diff[l]));
            }
        }
    }

    [Fact]
    public void Lane_double_subtraction_and_equality_mask_match_scalar()
    {
        if (!Fq8.IsSupported) return;
        var twoP = 2 * P;
        var canonical = Edge().Select(e => e.ToBigInteger() % P).Concat([P - 1, BigInteger.Zero]).ToArray();
        var rng = new Random(13);
        for (int rep = 0; rep < 300; rep++)
        {
            var a = new U256[8];
            var b = new U256[8];
            var c = new U256[8];
            for (int l = 0; l < 8; l++)
            {
                // a anywhere below 2p; b and c canonical (so b + c is below 2p), sometimes equal to each other.
                BigInteger x = rep < 30 ? (l % 2 == 0 ? twoP - 1 : 0) : Fq.Random().ToBigIntegerRaw() + (rng.Next(2) == 0 ? P : 0);
                BigInteger y = rep < 30 ? canonical[(rep + l) % canonical.Length] : Fq.Random().ToBigIntegerRaw();
                BigInteger z = rng.Next(3) == 0 ? y : rep < 30 ? canonical[(rep * 5 + l * 3) % canonical.Length] : Fq.Random().ToBigIntegerRaw();
                a[l] = U256.FromBigInteger(x); b[l] = U256.FromBigInteger(y); c[l] = U256.FromBigInteger(z);
            }
            var r = new U256[8];
            ulong eq;
            fixed (U256* pa = a, pb = b, pc = c, pr = r)
            {
                Fq8.Load(pa, out var va);
                Fq8.Load(pb, out var vb);
                Fq8.Load(pc, out var vc);
                Fq8.SubSum(va, vb, vc, out var vr);
                Fq8.Store(vr, pr);   // below 2p: stored unreduced to check the bound
                eq = Fq8.EqualMask(vb, vc).ExtractMostSignificantBits();
            }
            for (int l = 0; l < 8; l++)
            {
                Assert.True(r[l].ToBigInteger() < twoP, $"lane {l} not below 2p");
                Assert.Equal(((Canon(a[l]) - Canon(b[l]) - Canon(c[l])) % P + 2 * P) % P, Canon(r[l]));
                Assert.Equal(b[l].Equals(c[l]), (eq >> l & 1) != 0);
            }
        }
    }

    [Fact]
    public void Lane_sums_and_differences_of_products_match_and_stay_below_2p()
    {
        if (!Fq8.IsSupported) return;
        var twoP = 2 * P;
        // The extremes of the documented input range (below 2p) set the bounds of both reductions: 2p - 1 everywhere
        // is the largest sum, 0 * x - (2p - 1)^2 the most negative difference.
        var edge = Edge().Select(e => e.ToBigInteger() % P).Concat([P, twoP - 1, twoP - 2, P + 1, P - 1]).ToArray();
        var rng = new Random(11);
        var rInv = BigInteger.ModPow(BigInteger.One << 256, P - 2, P);
        for (int rep = 0; rep < 400; rep++)
        {
            var v = new U256[4][];
            for (int k = 0; k < 4; k++)
            {
                v[k] = new U256[8];
                for (int l = 0; l < 8; l++)
                {
                    BigInteger x = rep < 120 ? edge[(rep * (k + 1) + l * (2 * k + 1) + k) % edge.Length]
                        : Fq.Random().ToBigIntegerRaw() + (rng.Next(2) == 0 ? P : 0);
                    v[k][l] = U256.FromBigInteger(x);
                }
            }
            var sum = new U256[8];
            var diff = new U256[8];
            fixed (U256* pa = v[0], pb = v[1], pc = v[2], pd = v[3], ps = sum, pdf = diff)
            {
                Fq8.Load(pa, out var a);
                Fq8.Load(pb, out var b);
                Fq8.Load(pc, out var c);
                Fq8.Load(pd, out var d);
                Fq8.MulSum(a, b, c, d, out var s);
                Fq8.MulDiff(a, b, c, d, out var df);
                Fq8.Store(s, ps);   // below 2p: stored unreduced to check the bound
                Fq8.Store(df, pdf);
            }
            for (int l = 0; l < 8; l++)
            {
                BigInteger ab = v[0][l].ToBigInteger() * v[1][l].ToBigInteger(), cd = v[2][l].ToBigInteger() * v[3][l].ToBigInteger();
                Assert.True(sum[l].ToBigInteger() < twoP && diff[l].ToBigInteger() < twoP, $"rep {rep} lane {l} not below 2p");
                Assert.Equal(((ab + cd) * rInv % P + P) % P, Canon(sum[l]));
                Assert.Equal(((ab - cd) * rInv % P + P) % P, Canon(diff[l]));
            }
        }
    }

    [Fact]
    public void Fq2_lane_products_and_squares_match_scalar()
    {
        if (!Fq8.IsSupported) return;
        var pm1 = Fq.FromBigInteger(P - 1);
        for (int rep = 0; rep < 200; rep++)
        {
            var a = new Fq2[8];
            var b = new Fq2[8];
            for (int l = 0; l < 8; l++)
            {
                a[l] = new Fq2(Fq.Random(), Fq.Random());
                b[l] = new Fq2(Fq.Random(), Fq.Random());
            }
            if (rep == 0)
            {
                a[0] = Fq2.Zero; a[1] = Fq2.One; a[2] = new Fq2(pm1, pm1); b[2] = new Fq2(pm1, Fq.Zero);
                a[3] = new Fq2(Fq.Zero, pm1); b[3] = new Fq2(Fq.Zero, pm1); b[4] = Fq2.Zero;
            }
            var prod = new Fq2[8];
            var sq = new Fq2[8];
            var back = new Fq2[8];
            fixed (Fq2* pa = a, pb = b, pp = prod, psq = sq, pbk = back)
            {
                Fq2x8.Load(pa, out var va);
                Fq2x8.Store(va, pbk);
                Fq2x8.Load(pb, out var vb);
                Fq2x8.Mul(va, vb, out var vp);
                Fq2x8.Square(va, out var vs);
                Fq2x8.Mul(vp, vs, out vp);   // chained: unreduced outputs as inputs
                Fq2x8.ReduceOnce(ref vp);
                Fq2x8.ReduceOnce(ref vs);
                Fq2x8.Store(vp, pp);
                Fq2x8.Store(vs, psq);
            }
            for (int l = 0; l < 8; l++)
            {
                Assert.Equal(a[l], back[l]);
                Fq2.Mul(a[l], a[l], out var a2);
                Fq2.Mul(a[l], b[l], out var ab);
                Fq2.Mul(ab, a2, out var expected);
                Assert.Equal(a2, sq[l]);
                Assert.Equal(expected, prod[l]);
            }
        }
    }
}

internal static class FqRawExtensions
{
    /// <summary>The stored (Montgomery) value as an integer.</summary>
    public static BigInteger ToBigIntegerRaw(this Fq x) => x.V.ToBigInteger();
}
