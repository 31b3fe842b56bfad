using ZkChain.Algebra;

namespace ZkChain.Algebra.Tests;

public class MsmTests
{
    private static (G1Affine[] Bases, Fr[] Scalars) RandomG1(int n, Random rng)
    {
        // Bases: random multiples of G built incrementally (cheap), with some infinities and repeats.
        var jac = new G1Jacobian[n];
        var step = (G1Affine.Generator * Fr.Random()).ToAffine();
        var acc = (G1Affine.Generator * Fr.Random());
        for (int i = 0; i < n; i++) { acc.AddMixed(step); jac[i] = acc; }
        var bases = G1Jacobian.BatchToAffine(jac);
        var scalars = new Fr[n];
        for (int i = 0; i < n; i++)
        {
            scalars[i] = (i % 11) switch
            {
                3 => Fr.Zero,
                4 => Fr.FromBigInteger(Fr.Modulus - 1),
                5 => Fr.FromUInt64((ulong)rng.Next(1, 5)),
                _ => Fr.Random(),
            };
            if (i % 13 == 7) bases[i] = G1Affine.Infinity;
            if (i % 17 == 9 && i > 0) bases[i] = bases[i - 1];
        }
        return (bases, scalars);
    }

    private static G1Jacobian NaiveG1(G1Affine[] b, Fr[] s)
    {
        var acc = G1Jacobian.Infinity;
        for (int i = 0; i < b.Length; i++) acc.Add(G1Jacobian.ScalarMul(b[i], s[i]));
        return acc;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(100)]
    [InlineData(1000)]
    [InlineData(3000)]
    public void G1_matches_naive_sum(int n)
    {
        var (b, s) = RandomG1(n, new Random(n));
        Assert.Equal(NaiveG1(b, s), Msm.G1(b, s));
    }

    [Fact]
    public void G1_all_window_sizes_and_chunkings_agree()
    {
        var (b, s) = RandomG1(300, new Random(3));
        var expected = NaiveG1(b, s);
        foreach (int c in new[] { 2, 3, 5, 8, 13, 16 })
        {
            // The largest window costs 2^16 bucket additions per window and chunk, so test it once.
            foreach (int chunks in c == 16 ? new[] { 2 } : new[] { 1, 3, 7 })
            {
                var (x, y, z) = MsmCore<G1Affine, Fq>.Run(b, s, null, forceWindow: c, forceChunks: chunks);
                Assert.Equal(expected, new G1Jacobian(x, y, z));
            }
        }
    }

    [Fact]
    public void Batch_affine_buckets_handle_doubling_cancellation_and_conflicts()
    {
        // Only G and -G with few distinct scalars: every batch hits equal points (tangent case),
        // opposite points (sum is infinity) and repeated buckets (Jacobian overflow path).
        int n = 2000;
        var g = G1Affine.Generator;
        var b = new G1Affine[n];
        var s = new Fr[n];
        var rng = new Random(9);
        for (int i = 0; i < n; i++)
        {
            b[i] = rng.Next(3) == 0 ? g.Neg() : g;
            s[i] = Fr.FromUInt64((ulong)rng.Next(1, 4)) * (rng.Next(2) == 0 ? Fr.One : Fr.FromBigInteger(1 << 20));
        }
        var expected = NaiveG1(b, s);
        foreach (int c in new[] { 8, 9, 12 })
        {
            var (x, y, z) = MsmCore<G1Affine, Fq>.Run(b, s, null, forceWindow: c, forceChunks: 1);
            Assert.Equal(expected, new G1Jacobian(x, y, z));
        }
        Assert.Equal(expected, Msm.G1(b, s));
    }

    [Fact]
    public void Conflict_queue_and_overflow_paths_match_naive_sum()
    {
        // Few distinct digits and a tiny batch: most points find their bucket pending, fill the
        // conflict queue, overflow it into Jacobian buckets, and drain in near-empty batches at the end.
        var (b, s) = RandomG1(1500, new Random(21));
        var rng = new Random(22);
        for (int i = 0; i < s.Length; i += 2) s[i] = Fr.FromUInt64((ulong)rng.Next(1, 6));
        var expected = NaiveG1(b, s);
        foreach (int batch in new[] { 1, 2, 16, 100 })
        {
            var (x, y, z) = MsmCore<G1Affine, Fq>.Run(b, s, null, forceWindow: 8, forceChunks: 1, forceBatch: batch);
            Assert.Equal(expected, new G1Jacobian(x, y, z));
        }
        // Every scalar equal: one bucket per window receives every point.
        var ones = Enumerable.Repeat(Fr.FromUInt64(3), b.Length).ToArray();
        var (x1, y1, z1) = MsmCore<G1Affine, Fq>.Run(b, ones, null, forceWindow: 8, forceChunks: 1, forceBatch: 16);
        Assert.Equal(NaiveG1(b, ones), new G1Jacobian(x1, y1, z1));
    }

    [Fact]
    public void Edge_scalars_zero_one_and_r_minus_one_match_naive_sum()
    {
        var (b, _) = RandomG1(600, new Random(31));
        var rMinus1 = Fr.FromBigInteger(Fr.Modulus - 1);
        foreach (var v in new[] { Fr.Zero, Fr.One, rMinus1 })
        {
            var s = Enumerable.Repeat(v, b.Length).ToArray();
            Assert.Equal(NaiveG1(b, s), Msm.G1(b, s));
        }
        var mixed = new Fr[b.Length];
        for (int i = 0; i < mixed.Length; i++) mixed[i] = (i % 3) switch { 0 => Fr.Zero, 1 => Fr.One, _ => rMinus1 };
        Assert.Equal(NaiveG1(b, mixed), Msm.G1(b, mixed));
    }

    [Fact]
    public void G2_matches_naive_sum()
    {
        foreach (int n in new[] { 1, 5, 200, 1500 })
        {
            var b = new G2Affine[n];
            var s = new Fr[n];
            var acc = G2Jacobian.Infinity;
            var step = (G2Affine.Generator * Fr.Random()).ToAffine();
            for (int i = 0; i < n; i++)
            {
                acc.AddMixed(step);
                b[i] = i % 9 == 4 ? G2Affine.Infinity : acc.ToAffine();
                s[i] = i % 7 == 2 ? Fr.Zero : Fr.Random();
            }
            var expected = G2Jacobian.Infinity;
            for (int i = 0; i < n; i++) expected.Add(G2Jacobian.ScalarMul(b[i], s[i]));
            Assert.Equal(expected, Msm.G2(b, s));
        }
    }

    [Fact]
    public void Edge_cases_and_progress()
    {
        Assert.True(Msm.G1([], []).IsInfinity);
        Assert.True(Msm.G1([G1Affine.Infinity], [Fr.One]).IsInfinity);
        Assert.True(Msm.G1([G1Affine.Generator], [Fr.Zero]).IsInfinity);
        // P and -P cancel
        Assert.True(Msm.G1([G1Affine.Generator, G1Affine.Generator.Neg()], [Fr.FromUInt64(5), Fr.FromUInt64(5)]).IsInfinity);
        Assert.Throws<ArgumentException>(() => Msm.G1([G1Affine.Generator], []));
        var reports = new List<double>();
        var progress = new SyncProgress(reports);
        var (b, s) = RandomG1(50, new Random(1));
        Msm.G1(b, s, progress);
        Assert.NotEmpty(reports);
        Assert.Equal(1.0, reports[^1]);
    }

    [Fact]
    public void Largest_digit_magnitude_matches_a_plain_scan()
    {
        var rng = new Random(3);
        foreach (int len in new[] { 0, 1, 31, 32, 33, 64, 100, 1000 })
        {
            for (int rep = 0; rep < 20; rep++)
            {
                var d = new short[len];
                int range = rep % 2 == 0 ? 1 << 15 : 100;
                for (int i = 0; i < len; i++) d[i] = (short)rng.Next(-range, range);
                // The extremes in a random place: -2^15 has no positive counterpart in a short.
                if (len > 0 && rep % 5 == 1) d[rng.Next(len)] = short.MinValue;
                if (len > 0 && rep % 5 == 2) d[rng.Next(len)] = short.MaxValue;
                int expected = d.Length == 0 ? 0 : d.Max(x => Math.Abs((int)x));
                Assert.Equal(expected, MsmCore<G1Affine, Fq>.MaxAbsDigit(d));
            }
        }
    }

    [Fact]
    public void Signed_digits_reconstruct_the_scalar()
    {
        for (int c = 2; c <= 16; c++)
        {
            int windows = (256 + c - 1) / c;
            var d = new short[windows];
            var rng = new Random(c);
            var values = new List<System.Numerics.BigInteger> { Fr.Modulus - 1, System.Numerics.BigInteger.One << 253, 12345, 0, 1 };
            for (int k = 0; k < 100; k++)
            {
                var bytes = new byte[33];
                rng.NextBytes(bytes);
                bytes[32] = 0;
                values.Add(new System.Numerics.BigInteger(bytes) % Fr.Modulus);
            }
            foreach (var v in values)
            {
                MsmCore<G1Affine, Fq>.Decompose(U256.FromBigInteger(v), c, windows, d);
                System.Numerics.BigInteger acc = 0;
                for (int w = windows - 1; w >= 0; w--) acc = (acc << c) + d[w];
                Assert.Equal(v, acc);
                Assert.All(d, x => Assert.InRange(x, -(1 << (c - 1)), (1 << (c - 1)) - 1));
            }
        }
    }

    // ---- Lane (AVX-512) and scalar batch-affine bucket additions ----

    /// <summary>sum k_i P_i by one shared double-and-add over the scalar bits (independent of Pippenger and of ScalarMul).</summary>
    private static G1Jacobian BitwiseSum(G1Affine[] b, Fr[] s)
    {
        var k = s.Select(x => x.ToBigInteger()).ToArray();
        var acc = G1Jacobian.Infinity;
        for (int bit = 253; bit >= 0; bit--)
        {
            acc.Double();
            for (int i = 0; i < b.Length; i++)
                if (!k[i].IsZero && ((k[i] >> bit) & 1) == 1) acc.AddMixed(b[i]);
        }
        return acc;
    }

    private static G1Jacobian RunG1(G1Affine[] b, Fr[] s, bool scalarOnly, int window = 0, int batch = 0)
    {
        var (x, y, z) = MsmCore<G1Affine, Fq>.Run(b, s, null, forceWindow: window, forceChunks: 1, forceBatch: batch, scalarFieldOnly: scalarOnly);
        return new G1Jacobian(x, y, z);
    }

    /// <summary>Distinct multiples of G, then infinities, repeats and negations mixed in.</summary>
    private static (G1Affine[] Bases, Fr[] Scalars) MixedG1(int n, int seed)
    {
        var rng = new Random(seed);
        var jac = new G1Jacobian[n];
        var step = G1Jacobian.Generator;
        step.Double(); step.Add(G1Jacobian.Generator); // 3G
        var stepA = step.ToAffine();
        var acc = G1Jacobian.Generator;
        for (int i = 0; i < n; i++) { acc.AddMixed(stepA); jac[i] = acc; }
        var bases = G1Jacobian.BatchToAffine(jac);
        var scalars = new Fr[n];
        for (int i = 0; i < n; i++)
        {
            var bytes = new byte[32];
            rng.NextBytes(bytes);
            scalars[i] = (i % 9) switch
            {
                2 => Fr.Zero,
                5 => Fr.FromUInt64((ulong)rng.Next(1, 4)),
                _ => Fr.FromBigInteger(new System.Numerics.BigInteger(bytes, isUnsigned: true)),
            };
            if (i % 10 == 4) bases[i] = G1Affine.Infinity;
            if (i > 0 && i % 7 == 3) { bases[i] = bases[i - 1]; scalars[i] = scalars[i - 1]; }            // same bucket, same point: tangent
            if (i > 0 && i % 11 == 6) { bases[i] = bases[i - 1].Neg(); scalars[i] = scalars[i - 1]; }     // P + -P: cancellation
        }
        return (bases, scalars);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(7, 0)]
    [InlineData(9, 13)]
    [InlineData(257, 37)]
    [InlineData(1001, 0)]
    [InlineData(1001, 61)]
    [InlineData(3001, 0)]
    public void Lane_and_scalar_bucket_additions_match_bitwise_sum(int n, int batch)
    {
        // Batch sizes and point counts that are not multiples of 8 leave partial lane groups.
        var (b, s) = MixedG1(n, n + batch);
        var expected = BitwiseSum(b, s);
        Assert.Equal(expected, RunG1(b, s, scalarOnly: false, window: 8, batch: batch));
        Assert.Equal(expected, RunG1(b, s, scalarOnly: true, window: 8, batch: batch));
        Assert.Equal(expected, RunG1(b, s, scalarOnly: false));
        Assert.Equal(expected, RunG1(b, s, scalarOnly: true));
    }

    [Fact]
    public void Shared_digits_with_offsets_match_msms_over_the_scalar_slices()
    {
        var (b, s) = RandomG1(2500, new Random(12));
        var digits = Msm.Digits(s);
        Assert.Equal(2500, digits.Count);
        Assert.Equal(Msm.G1(b, s), Msm.G1(b, digits));
        Assert.Equal(Msm.G1(b.AsSpan(0, 2500 - 700), s.AsSpan(700)), Msm.G1(b.AsSpan(0, 2500 - 700), digits, 700));
        var g2 = Enumerable.Range(1, 60).Select(i => (G2Affine.Generator * Fr.FromUInt64((ulong)i * 977)).ToAffine()).ToArray();
        Assert.Equal(Msm.G2(g2, s.AsSpan(2440)), Msm.G2(g2, digits, 2440));
        // The bases must cover exactly the scalars from the offset on.
        Assert.Throws<ArgumentException>(() => Msm.G1(b.AsSpan(0, 100), digits, 700));
        Assert.Throws<ArgumentException>(() => Msm.G1(b, digits, -1));
    }

    [Theory]
    [InlineData(8, 400)]
    [InlineData(10, 1500)]
    public void Windows_reaching_few_buckets_spread_them_over_copies(int window, int n)
    {
        // Scalars 0..5 (like bits and small counters in real witnesses) and a few full-size ones: the
        // low window reaches a handful of buckets, the others almost none; bases repeat and negate.
        var (b, _) = MixedG1(n, window);
        var rng = new Random(window);
        var s = new Fr[n];
        for (int i = 0; i < n; i++) s[i] = i % 50 == 7 ? Fr.Random() : Fr.FromUInt64((ulong)rng.Next(0, 6));
        var expected = BitwiseSum(b, s);
        Assert.Equal(expected, RunG1(b, s, scalarOnly: false, window: window));
        Assert.Equal(expected, RunG1(b, s, scalarOnly: true, window: window));
        var (x, y, z) = MsmCore<G1Affine, Fq>.Run(b, s, null, forceWindow: window, forceChunks: 3);
        Assert.Equal(expected, new G1Jacobian(x, y, z));
    }

    [Fact]
    public void Lane_bucket_additions_handle_tangent_and_cancellation_in_every_lane()
    {
        // Only G, -G and 2G with scalars 1..3: nearly every batch slot doubles or cancels, in all lane positions.
        var g = G1Affine.Generator;
        var g2 = G1Jacobian.Generator; g2.Double();
        var pts = new[] { g, g.Neg(), g2.ToAffine(), G1Affine.Infinity };
        var rng = new Random(77);
        int n = 900;
        var b = new G1Affine[n];
        var s = new Fr[n];
        for (int i = 0; i < n; i++) { b[i] = pts[rng.Next(pts.Length)]; s[i] = Fr.FromUInt64((ulong)rng.Next(0, 4)); }
        var expected = BitwiseSum(b, s);
        foreach (int batch in new[] { 3, 8, 9, 16, 23, 64 })
        {
            Assert.Equal(expected, RunG1(b, s, scalarOnly: false, window: 8, batch: batch));
            Assert.Equal(expected, RunG1(b, s, scalarOnly: true, window: 8, batch: batch));
        }
        // P and -P only, equal scalars: the result is infinity on both paths.
        var pair = Enumerable.Range(0, 64).Select(i => i % 2 == 0 ? g : g.Neg()).ToArray();
        var fives = Enumerable.Repeat(Fr.FromUInt64(5), pair.Length).ToArray();
        Assert.True(RunG1(pair, fives, scalarOnly: false, window: 8, batch: 16).IsInfinity);
        Assert.True(RunG1(pair, fives, scalarOnly: true, window: 8, batch: 16).IsInfinity);
    }

    [Theory]
    [InlineData(9, 13)]
    [InlineData(600, 0)]
    [InlineData(600, 29)]
    public void G2_lane_and_scalar_bucket_additions_agree(int n, int batch)
    {
        // Reference: double-and-add over the bits, shared doublings (independent of Pippenger).
        var g = G2Affine.Generator;
        var step = g.ToJacobian(); step.Double(); step.Add(g.ToJacobian());
        var acc = g.ToJacobian();
        var jac = new G2Jacobian[n];
        var stepA = step.ToAffine();
        for (int i = 0; i < n; i++) { acc.AddMixed(stepA); jac[i] = acc; }
        var b = jac.Select(j => j.ToAffine()).ToArray();
        var rng = new Random(n + batch);
        var s = new Fr[n];
        for (int i = 0; i < n; i++)
        {
            var bytes = new byte[32];
            rng.NextBytes(bytes);
            s[i] = i % 9 == 2 ? Fr.Zero : i % 9 == 5 ? Fr.FromUInt64((ulong)rng.Next(1, 4)) : Fr.FromBigInteger(new System.Numerics.BigInteger(bytes, isUnsigned: true));
            if (i % 10 == 4) b[i] = G2Affine.Infinity;
            if (i > 0 && i % 7 == 3) { b[i] = b[i - 1]; s[i] = s[i - 1]; }
            if (i > 0 && i % 11 == 6) { b[i] = b[i - 1].Neg(); s[i] = s[i - 1]; }
        }
        var k = s.Select(x => x.ToBigInteger()).ToArray();
        var expected = G2Jacobian.Infinity;
        for (int bit = 253; bit >= 0; bit--)
        {
            expected.Double();
            for (int i = 0; i < n; i++) if (((k[i] >> bit) & 1) == 1) expected.AddMixed(b[i]);
        }
        foreach (bool scalarOnly in new[] { false, true })
        {
            var (x, y, z) = MsmCore<G2Affine, Fq2>.Run(b, s, null, forceWindow: 8, forceChunks: 1, forceBatch: batch, scalarFieldOnly: scalarOnly);
            Assert.Equal(expected, new G2Jacobian(x, y, z));
        }
    }

    private sealed class SyncProgress(List<double> sink) : IProgress<double>
    {
        public void Report(double value) { lock (sink) sink.Add(value); }
    }
}

public unsafe class BucketReduceLaneTests
{
    private static T* Ptr<T>(T[] a) where T : unmanaged =>
        (T*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(a));

    /// <summary>
    /// Eight bucket arrays chosen so that every special case of the two lane additions occurs: empty
    /// arrays and buckets, r + B and t + r with equal points (doubling) and opposite points (infinity),
    /// then random points. Checked against sum (j+1) B_j and sum B_j by scalar Jacobian arithmetic.
    /// </summary>
    [Fact]
    public void G1_lane_reduction_matches_scalar_weighted_sums_in_every_special_case()
    {
        if (!Fq8.IsSupported) return;
        const int len = 12;
        var g = G1Affine.Generator;
        var p = (g * Fr.FromUInt64(7)).ToAffine();
        var p2 = (g * Fr.FromUInt64(14)).ToAffine();
        var rng = new Random(5);
        var lanes = new G1Affine?[8][];
        for (int l = 0; l < 8; l++) lanes[l] = new G1Affine?[len];
        // lane 0: empty. lane 1: one bucket in the middle.
        lanes[1][5] = p;
        // lane 2: the same point in every bucket: r + B doubles at the second step.
        for (int j = 0; j < len; j++) lanes[2][j] = p;
        // lane 3: P on top, -P below it: r becomes infinity; then more points.
        lanes[3][len - 1] = p; lanes[3][len - 2] = p.Neg(); lanes[3][3] = p2;
        // lane 4: only the top bucket, so t + r doubles at the next step (t = r = P).
        lanes[4][len - 1] = p;
        // lane 5: P on top, -2P next: r = -P while t = P, so t + r is infinity.
        lanes[5][len - 1] = p; lanes[5][len - 2] = p2.Neg(); lanes[5][0] = g;
        // lanes 6, 7: random points with gaps.
        for (int l = 6; l < 8; l++)
            for (int j = 0; j < len; j++)
                if (rng.Next(4) != 0) lanes[l][j] = (g * Fr.FromUInt64((ulong)rng.Next(1, 1000))).ToAffine();

        var bxs = new Fq[8][]; var bys = new Fq[8][]; var hs = new bool[8][];
        for (int l = 0; l < 8; l++)
        {
            bxs[l] = GC.AllocateArray<Fq>(len, pinned: true);
            bys[l] = GC.AllocateArray<Fq>(len, pinned: true);
            hs[l] = GC.AllocateArray<bool>(len, pinned: true);
            for (int j = 0; j < len; j++)
                if (lanes[l][j] is { } q) { bxs[l][j] = q.X; bys[l][j] = q.Y; hs[l][j] = true; }
        }
        Fq** bx = stackalloc Fq*[8];
        Fq** by = stackalloc Fq*[8];
        byte** has = stackalloc byte*[8];
        for (int l = 0; l < 8; l++) { bx[l] = Ptr(bxs[l]); by[l] = Ptr(bys[l]); has[l] = (byte*)Ptr(hs[l]); }
        var weighted = new (Fq X, Fq Y, Fq Z)[8];
        var plain = new (Fq X, Fq Y, Fq Z)[8];
        fixed ((Fq X, Fq Y, Fq Z)* pw = weighted, pp = plain)
        {
            BucketReduce8<Fq, Fq8>.Reduce(bx, by, has, len, pw, pp);
        }
        for (int l = 0; l < 8; l++)
        {
            var expectedT = G1Jacobian.Infinity;
            var expectedR = G1Jacobian.Infinity;
            for (int j = 0; j < len; j++)
            {
                if (lanes[l][j] is not { } q) continue;
                expectedR.AddMixed(q);
                expectedT.Add(G1Jacobian.ScalarMul(q, Fr.FromUInt64((ulong)j + 1)));
            }
            Assert.True(expectedT == new G1Jacobian(weighted[l].X, weighted[l].Y, weighted[l].Z), $"lane {l}: weighted sum");
            Assert.True(expectedR == new G1Jacobian(plain[l].X, plain[l].Y, plain[l].Z), $"lane {l}: plain sum");
        }
        Assert.True(new G1Jacobian(weighted[0].X, weighted[0].Y, weighted[0].Z).IsInfinity);
        Assert.True(new G1Jacobian(plain[5].X, plain[5].Y, plain[5].Z) == g.ToJacobian() + (p + p2.Neg()));
    }

    [Theory]
    [InlineData(8, 1)]
    [InlineData(8, 4)]
    [InlineData(10, 8)]
    public void Segmented_lane_reduction_gives_the_same_msm(int window, int segments)
    {
        // Segments of a bucket array carry the offset lo * (sum of the segment): checked against the scalar path.
        var rng = new Random(window * 100 + segments);
        int n = 700;
        var g = G1Affine.Generator;
        var b = new G1Affine[n];
        var s = new Fr[n];
        var acc = G1Jacobian.Generator;
        var step = (g * Fr.FromUInt64(11)).ToAffine();
        for (int i = 0; i < n; i++)
        {
            acc.AddMixed(step);
            b[i] = acc.ToAffine();
            s[i] = i % 5 == 0 ? Fr.FromUInt64((ulong)rng.Next(0, 300)) : Fr.Random();
        }
        var (ex, ey, ez) = MsmCore<G1Affine, Fq>.Run(b, s, null, forceWindow: window, forceChunks: 1, scalarFieldOnly: true);
        var (x, y, z) = MsmCore<G1Affine, Fq>.Run(b, s, null, forceWindow: window, forceChunks: 2, forceSegments: segments);
        Assert.Equal(new G1Jacobian(ex, ey, ez), new G1Jacobian(x, y, z));
    }

    [Fact]
    public void G2_lane_reduction_matches_scalar_weighted_sums()
    {
        if (!Fq8.IsSupported) return;
        const int len = 9;
        var g = G2Affine.Generator;
        var p = (g * Fr.FromUInt64(5)).ToAffine();
        var lanes = new G2Affine?[8][];
        for (int l = 0; l < 8; l++) lanes[l] = new G2Affine?[len];
        for (int j = 0; j < len; j++) lanes[1][j] = p;                           // doubling in r + B
        lanes[2][len - 1] = p; lanes[2][len - 2] = p.Neg();                       // r + B is infinity
        lanes[3][len - 1] = p;                                                    // t + r doubles
        for (int l = 4; l < 8; l++)
            for (int j = 0; j < len; j++)
                if ((j + l) % 3 != 0) lanes[l][j] = (g * Fr.FromUInt64((ulong)(l * 31 + j * 7 + 1))).ToAffine();
        var bxs = new Fq2[8][]; var bys = new Fq2[8][]; var hs = new bool[8][];
        for (int l = 0; l < 8; l++)
        {
            bxs[l] = GC.AllocateArray<Fq2>(len, pinned: true);
            bys[l] = GC.AllocateArray<Fq2>(len, pinned: true);
            hs[l] = GC.AllocateArray<bool>(len, pinned: true);
            for (int j = 0; j < len; j++)
                if (lanes[l][j] is { } q) { bxs[l][j] = q.X; bys[l][j] = q.Y; hs[l][j] = true; }
        }
        Fq2** bx = stackalloc Fq2*[8];
        Fq2** by = stackalloc Fq2*[8];
        byte** has = stackalloc byte*[8];
        for (int l = 0; l < 8; l++) { bx[l] = Ptr(bxs[l]); by[l] = Ptr(bys[l]); has[l] = (byte*)Ptr(hs[l]); }
        var weighted = new (Fq2 X, Fq2 Y, Fq2 Z)[8];
        var plain = new (Fq2 X, Fq2 Y, Fq2 Z)[8];
        fixed ((Fq2 X, Fq2 Y, Fq2 Z)* pw = weighted, pp = plain)
        {
            BucketReduce8<Fq2, Fq2x8>.Reduce(bx, by, has, len, pw, pp);
        }
        for (int l = 0; l < 8; l++)
        {
            var expectedT = G2Jacobian.Infinity;
            var expectedR = G2Jacobian.Infinity;
            for (int j = 0; j < len; j++)
            {
                if (lanes[l][j] is not { } q) continue;
                expectedR.AddMixed(q);
                expectedT.Add(G2Jacobian.ScalarMul(q, Fr.FromUInt64((ulong)j + 1)));
            }
            Assert.True(expectedT == new G2Jacobian(weighted[l].X, weighted[l].Y, weighted[l].Z), $"lane {l}: weighted sum");
            Assert.True(expectedR == new G2Jacobian(plain[l].X, plain[l].Y, plain[l].Z), $"lane {l}: plain sum");
        }
    }
}
