using ZkChain.Training.Data;

namespace ZkChain.Training.Tests;

public class CsvTests
{
    private static string Error(string csv, string target = "y")
    {
        var e = Assert.ThrowsAny<Exception>(() => TestData.FromCsv(csv, target));
        Assert.True(e is InvalidDataException or ArgumentException, e.GetType().Name);
        Assert.Contains("test.csv", e.Message);
        return e.Message;
    }

    [Fact]
    public void Reads_header_and_rows_with_target_last_in_quantised_rows()
    {
        var d = TestData.FromCsv("a,y,b\n1.5,0,-2\n0.25,1,3\n", "y");
        Assert.Equal(["a", "b"], d.Features);
        Assert.Equal(2, d.Count);
        Assert.Equal(new double[] { 1.5, -2 }, d.X[0]);
        Assert.Equal(1, d.Y[1]);
        Assert.Equal(new System.Numerics.BigInteger[] { 1.5 * (1 << 20) is var v ? (System.Numerics.BigInteger)v : 0, -2 << 20, 0 }, d.Quantized[0]);
        Assert.Equal(1 << 20, (int)d.Quantized[1][2]);
    }

    [Fact]
    public void Empty_file() => Assert.Contains("empty", Error(""));

    [Fact]
    public void Header_only() => Assert.Contains("no data rows", Error("a,y\n"));

    [Fact]
    public void Missing_target_column_names_it_and_lists_columns()
    {
        var m = Error("a,b\n1,2\n", "label");
        Assert.Contains("'label'", m);
        Assert.Contains("a, b", m);
    }

    [Fact]
    public void Non_numeric_cell_names_line_and_column()
    {
        var m = Error("a,y\n1,0\n2,x1\n");
        Assert.Contains("line 3", m);
        Assert.Contains("'y'", m);
        Assert.Contains("'x1' is not a number", m);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e400")]
    public void Non_finite_values_are_rejected(string cell)
    {
        var m = Error($"a,y\n1,0\n{cell},1\n");
        Assert.Contains("line 3", m);
        Assert.Contains("'a'", m);
    }

    [Fact]
    public void Ragged_row()
    {
        var m = Error("a,b,y\n1,2,0\n1,2\n");
        Assert.Contains("line 3", m);
        Assert.Contains("2 cells", m);
    }

    [Fact]
    public void Duplicate_header_names()
    {
        var m = Error("a,b,a,y\n1,2,3,0\n");
        Assert.Contains("duplicate header name 'a'", m);
    }

    [Fact]
    public void Empty_cell()
    {
        var m = Error("a,y\n,0\n");
        Assert.Contains("line 2", m);
        Assert.Contains("empty cell", m);
    }

    [Fact]
    public void Values_outside_the_quantisation_range_are_rejected_not_clamped()
    {
        var m = Error("a,y\n1,0\n200000000,1\n");
        Assert.Contains("line 3", m);
        Assert.Contains("outside the representable range", m);
    }

    [Fact]
    public void Quantisation_rounds_half_away_from_zero()
    {
        Assert.Equal(3, (int)Dataset.QuantizeValue(2.5 / (1 << 20), 20));
        Assert.Equal(-3, (int)Dataset.QuantizeValue(-2.5 / (1 << 20), 20));
    }

    [Fact]
    public void Shipped_datasets_load()
    {
        Assert.Equal(569, TestData.Load("breast_cancer.csv", "diagnosis_benign").Count);
        Assert.Equal(30, TestData.Load("breast_cancer.csv", "diagnosis_benign").D);
        Assert.Equal(442, TestData.Load("diabetes.csv", "progression").Count);
        Assert.Equal(150, TestData.Load("iris.csv", "species").Count);
    }
}
