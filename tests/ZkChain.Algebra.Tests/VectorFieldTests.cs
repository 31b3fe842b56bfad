using System.Numerics;
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

    [Fact]
    public void Limb_constants_match_the_modulus()
    {
        BigInteger p = 0;
        ulong[] limbs = [Fq8.P0, Fq8.P1, Fq8.P2, Fq8.P3, Fq8.P4, Fq8.P5, Fq8.P6, Fq8.P7, Fq8.P8];
        for (int k = 0; k < 9; k++) p += new BigInteger(limbs[k]) << (29 * k);
        Assert.Equal(P, p);
        Assert.Equal(BigInteger.Zero, (P * Fq8.NegInv29 + 1) % (BigInteger.One << 29));
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
}

internal static class FqRawExtensions
{
    /// <summary>The stored (Montgomery) value as an integer.</summary>
    public static BigInteger ToBigIntegerRaw(this Fq x) => x.V.ToBigInteger();
}
