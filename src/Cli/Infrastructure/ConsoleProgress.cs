namespace ZkChain.Cli.Infrastructure;

/// <summary>
/// Progress for long steps, written to stderr so stdout stays clean for results and --json.
/// On a terminal it redraws one line per stage; otherwise it prints a line at each 25% step.
/// </summary>
public sealed class ConsoleProgress : IProgress<(string Stage, double Fraction)>, IDisposable
{
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private readonly object _gate = new();
    private string? _stage;
    private int _lastBucket = -1;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly bool _quiet;

    public ConsoleProgress(bool quiet = false) => _quiet = quiet;

    public void Report((string Stage, double Fraction) value)
    {
        if (_quiet) return;
        lock (_gate)
        {
            var f = Math.Clamp(value.Fraction, 0, 1);
            if (value.Stage != _stage)
            {
                if (_stage != null && _interactive) Console.Error.WriteLine();
                _stage = value.Stage;
                _lastBucket = -1;
                _clock.Restart();
            }
            if (_interactive)
            {
                const int width = 30;
                var filled = (int)(f * width);
                Console.Error.Write($"\r  {value.Stage,-28} [{new string('#', filled)}{new string('.', width - filled)}] {f * 100,5:0.0}% {_clock.Elapsed.TotalSeconds,6:0.0}s");
            }
            else
            {
                var bucket = (int)(f * 4);
                if (bucket != _lastBucket)
                {
                    _lastBucket = bucket;
                    Console.Error.WriteLine($"  {value.Stage}: {f * 100:0}%");
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_stage != null && _interactive && !_quiet) Console.Error.WriteLine();
            _stage = null;
        }
    }
}
