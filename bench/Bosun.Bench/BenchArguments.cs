using System.Globalization;

namespace Bosun.Bench;

/// <summary>"--name value" options of a benchmark subcommand.</summary>
internal sealed class BenchArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public BenchArguments(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
                throw new ArgumentException($"expected '--name value', got '{args[i]}'");
            _values[args[i][2..]] = args[++i];
        }
    }

    public int Int(string name, int defaultValue) =>
        _values.Remove(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : defaultValue;

    public double Double(string name, double defaultValue) =>
        _values.Remove(name, out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : defaultValue;

    public string? String(string name) => _values.Remove(name, out var text) ? text : null;

    /// <summary>Fails on options nobody asked for (most likely a typo).</summary>
    public void ThrowIfUnused()
    {
        if (_values.Count > 0)
            throw new ArgumentException($"unknown option(s): {string.Join(", ", _values.Keys.Select(k => "--" + k))}");
    }
}
