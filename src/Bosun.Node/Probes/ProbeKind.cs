namespace Bosun.Node.Probes;

/// <summary>The three container probes.</summary>
public enum ProbeKind
{
    Startup,
    Liveness,
    Readiness,
}
