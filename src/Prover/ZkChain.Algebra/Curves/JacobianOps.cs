using System.Runtime.CompilerServices;

namespace ZkChain.Algebra;

/// <summary>
/// Short-Weierstrass (a = 0) arithmetic in Jacobian coordinates (x = X/Z^2, y = Y/Z^3), written
/// once for G1 (over Fq) and G2 (over Fq2). Infinity is Z = 0. Formulas from the EFD
/// (dbl-2009-l, add-2007-bl, madd-2007-bl) with the special cases handled explicitly.
/// </summary>
internal static class JacobianOps<TF> where TF : struct, IFieldOps<TF>
{
    public static void Double(ref TF x, ref TF y, ref TF z)
    {
        TF.Square(x, out var a);
        TF.Square(y, out var b);
        TF.Square(b, out var c);
        TF.Add(x, b, out var d);
        TF.Square(d, out d);
        TF.Sub(d, a, out d);
        TF.Sub(d, c, out d);
        TF.Double(d, out d);
        TF.Double(a, out var e);
        TF.Add(e, a, out e);
        TF.Square(e, out var f);
        // Z3 uses the old Y, compute it first.
        TF.Mul(y, z, out var z3);
        TF.Double(z3, out z);
        TF.Double(d, out var d2);
        TF.Sub(f, d2, out x);
        TF.Sub(d, x, out var t);
        TF.Mul(e, t, out y);
        TF.Double(c, out c);
        TF.Double(c, out c);
        TF.Double(c, out c);
        TF.Sub(y, c, out y);
    }

    /// <summary>(x, y, z) += (x2, y2) with (x2, y2) an affine point that is not infinity.</summary>
    public static void AddMixed(ref TF x, ref TF y, ref TF z, in TF x2, in TF y2)
    {
        if (z.IsZero)
        {
            x = x2; y = y2; z = TF.One;
            return;
        }
        TF.Square(z, out var z1z1);
        TF.Mul(x2, z1z1, out var u2);
        TF.Mul(y2, z, out var s2);
        TF.Mul(s2, z1z1, out s2);
        TF.Sub(u2, x, out var h);
        TF.Sub(s2, y, out var r);
        if (h.IsZero)
        {
            if (r.IsZero) { Double(ref x, ref y, ref z); }
            else { x = TF.One; y = TF.One; z = TF.Zero; }
            return;
        }
        TF.Double(r, out r);
        TF.Square(h, out var hh);
        TF.Double(hh, out var i);
        TF.Double(i, out i);
        TF.Mul(h, i, out var j);
        TF.Mul(x, i, out var v);
        // Z3 = (Z1 + H)^2 - Z1Z1 - HH
        TF.Add(z, h, out var zn);
        TF.Square(zn, out zn);
        TF.Sub(zn, z1z1, out zn);
        TF.Sub(zn, hh, out z);
        // X3 = r^2 - J - 2V
        TF.Square(r, out var x3);
        TF.Sub(x3, j, out x3);
        TF.Double(v, out var v2);
        TF.Sub(x3, v2, out x3);
        // Y3 = r (V - X3) - 2 Y1 J
        TF.Sub(v, x3, out var t);
        TF.Mul(r, t, out t);
        TF.Mul(y, j, out var yj);
        TF.Double(yj, out yj);
        TF.Sub(t, yj, out y);
        x = x3;
    }

    /// <summary>(x1, y1, z1) += (x2, y2, z2).</summary>
    public static void Add(ref TF x1, ref TF y1, ref TF z1, in TF x2, in TF y2, in TF z2)
    {
        if (z2.IsZero) return;
        if (z1.IsZero) { x1 = x2; y1 = y2; z1 = z2; return; }
        TF.Square(z1, out var z1z1);
        TF.Square(z2, out var z2z2);
        TF.Mul(x1, z2z2, out var u1);
        TF.Mul(x2, z1z1, out var u2);
        TF.Mul(y1, z2, out var s1);
        TF.Mul(s1, z2z2, out s1);
        TF.Mul(y2, z1, out var s2);
        TF.Mul(s2, z1z1, out s2);
        TF.Sub(u2, u1, out var h);
        TF.Sub(s2, s1, out var r);
        if (h.IsZero)
        {
            if (r.IsZero) { Double(ref x1, ref y1, ref z1); }
            else { x1 = TF.One; y1 = TF.One; z1 = TF.Zero; }
            return;
        }
        TF.Double(r, out r);
        TF.Double(h, out var i);
        TF.Square(i, out i);
        TF.Mul(h, i, out var j);
        TF.Mul(u1, i, out var v);
        // Z3 = ((Z1 + Z2)^2 - Z1Z1 - Z2Z2) H
        TF.Add(z1, z2, out var zn);
        TF.Square(zn, out zn);
        TF.Sub(zn, z1z1, out zn);
        TF.Sub(zn, z2z2, out zn);
        TF.Mul(zn, h, out z1);
        TF.Square(r, out var x3);
        TF.Sub(x3, j, out x3);
        TF.Double(v, out var v2);
        TF.Sub(x3, v2, out x3);
        TF.Sub(v, x3, out var t);
        TF.Mul(r, t, out t);
        TF.Mul(s1, j, out var sj);
        TF.Double(sj, out sj);
        TF.Sub(t, sj, out y1);
        x1 = x3;
    }

    public static bool Equal(in TF x1, in TF y1, in TF z1, in TF x2, in TF y2, in TF z2)
    {
        bool inf1 = z1.IsZero, inf2 = z2.IsZero;
        if (inf1 || inf2) return inf1 && inf2;
        TF.Square(z1, out var z1z1);
        TF.Square(z2, out var z2z2);
        TF.Mul(x1, z2z2, out var a);
        TF.Mul(x2, z1z1, out var b);
        if (!TF.Eq(a, b)) return false;
        TF.Mul(z2z2, z2, out var z2c);
        TF.Mul(z1z1, z1, out var z1c);
        TF.Mul(y1, z2c, out a);
        TF.Mul(y2, z1c, out b);
        return TF.Eq(a, b);
    }

    public static void ToAffine(in TF x, in TF y, in TF z, out TF ax, out TF ay)
    {
        TF.Inv(z, out var zi);
        FromZInverse(x, y, zi, out ax, out ay);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void FromZInverse(in TF x, in TF y, in TF zi, out TF ax, out TF ay)
    {
        TF.Square(zi, out var zi2);
        TF.Mul(x, zi2, out ax);
        TF.Mul(zi2, zi, out var zi3);
        TF.Mul(y, zi3, out ay);
    }

    /// <summary>y^2 == x^3 + b for an affine point.</summary>
    public static bool IsOnCurveAffine(in TF x, in TF y, in TF b)
    {
        TF.Square(y, out var l);
        TF.Square(x, out var r);
        TF.Mul(r, x, out r);
        TF.Add(r, b, out r);
        return TF.Eq(l, r);
    }

    /// <summary>Montgomery's trick: invert all non-zero entries with one inversion; zeros stay zero.</summary>
    public static void BatchInvert(Span<TF> values)
    {
        if (values.Length == 0) return;
        var acc = new TF[values.Length];
        var run = TF.One;
        for (int i = 0; i < values.Length; i++)
        {
            acc[i] = run;
            if (!values[i].IsZero) TF.Mul(run, values[i], out run);
        }
        TF.Inv(run, out var inv);
        for (int i = values.Length - 1; i >= 0; i--)
        {
            if (values[i].IsZero) continue;
            TF.Mul(inv, acc[i], out var vi);
            TF.Mul(inv, values[i], out inv);
            values[i] = vi;
        }
    }
}
