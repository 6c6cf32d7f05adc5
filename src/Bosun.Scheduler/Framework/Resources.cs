using Bosun.Api.Quantities;
using k8s.Models;

namespace Bosun.Scheduler.Framework;

/// <summary>
/// An amount of each schedulable resource in the units the scheduler compares: millicores, bytes, pods, and
/// integer counts of extended (scalar) resources. Mutable so that a node's running total is updated in place.
/// </summary>
internal sealed class Resources
{
    public const string CpuName = "cpu";
    public const string MemoryName = "memory";
    public const string EphemeralStorageName = "ephemeral-storage";
    public const string PodsName = "pods";

    // What the scheduler charges a container that requests nothing, so that such pods still spread (upstream's
    // DefaultMilliCPURequest and DefaultMemoryRequest).
    public const long DefaultMilliCpuRequest = 100;
    public const long DefaultMemoryRequest = 200L * 1024 * 1024;

    public long MilliCpu { get; set; }

    public long Memory { get; set; }

    public long EphemeralStorage { get; set; }

    public long AllowedPods { get; set; }

    /// <summary>Extended resources (e.g. example.com/gpu, hugepages-2Mi); null when there are none.</summary>
    public Dictionary<string, long>? Scalars { get; private set; }

    public bool IsZero => MilliCpu == 0 && Memory == 0 && EphemeralStorage == 0 && (Scalars is null || Scalars.Values.All(v => v == 0));

    public long Scalar(string name) => Scalars is not null && Scalars.TryGetValue(name, out var v) ? v : 0;

    public void AddScalar(string name, long value)
    {
        Scalars ??= new Dictionary<string, long>(StringComparer.Ordinal);
        Scalars[name] = Scalar(name) + value;
    }

    public void SetScalar(string name, long value)
    {
        Scalars ??= new Dictionary<string, long>(StringComparer.Ordinal);
        Scalars[name] = value;
    }

    /// <summary>Adds (or, with <paramref name="sign"/> -1, subtracts) <paramref name="other"/>.</summary>
    public void Add(Resources other, int sign = 1)
    {
        MilliCpu += sign * other.MilliCpu;
        Memory += sign * other.Memory;
        EphemeralStorage += sign * other.EphemeralStorage;
        if (other.Scalars is not null)
        {
            foreach (var (name, value) in other.Scalars)
            {
                AddScalar(name, sign * value);
            }
        }
    }

    /// <summary>Raises each amount to at least <paramref name="other"/>'s.</summary>
    public void Max(Resources other)
    {
        MilliCpu = Math.Max(MilliCpu, other.MilliCpu);
        Memory = Math.Max(Memory, other.Memory);
        EphemeralStorage = Math.Max(EphemeralStorage, other.EphemeralStorage);
        if (other.Scalars is not null)
        {
            foreach (var (name, value) in other.Scalars)
            {
                SetScalar(name, Math.Max(Scalar(name), value));
            }
        }
    }

    public Resources Clone()
    {
        var copy = new Resources { MilliCpu = MilliCpu, Memory = Memory, EphemeralStorage = EphemeralStorage, AllowedPods = AllowedPods };
        if (Scalars is not null)
        {
            copy.Scalars = new Dictionary<string, long>(Scalars, StringComparer.Ordinal);
        }

        return copy;
    }

    public void CopyFrom(Resources other)
    {
        MilliCpu = other.MilliCpu;
        Memory = other.Memory;
        EphemeralStorage = other.EphemeralStorage;
        AllowedPods = other.AllowedPods;
        Scalars = other.Scalars is null ? null : new Dictionary<string, long>(other.Scalars, StringComparer.Ordinal);
    }

    /// <summary>A resource list as the scheduler counts it (a node's allocatable, a container's requests).</summary>
    public static Resources From(IDictionary<string, ResourceQuantity>? list)
    {
        var r = new Resources();
        if (list is null)
        {
            return r;
        }

        foreach (var (name, quantity) in list)
        {
            r.Set(name, quantity);
        }

        return r;
    }

    private void Set(string name, ResourceQuantity? quantity)
    {
        if (quantity is null || !Quantity.TryParse(quantity.ToString(), out var q, out _) || q is null)
        {
            return;
        }

        switch (name)
        {
            case CpuName:
                MilliCpu = MilliValue(q);
                break;
            case MemoryName:
                Memory = Value(q);
                break;
            case EphemeralStorageName:
                EphemeralStorage = Value(q);
                break;
            case PodsName:
                AllowedPods = Value(q);
                break;
            default:
                if (IsScalar(name))
                {
                    SetScalar(name, Value(q));
                }

                break;
        }
    }

    /// <summary>Extended resources and huge pages are counted; other kubernetes.io names (storage, attachable volumes) are not.</summary>
    private static bool IsScalar(string name) =>
        name.StartsWith("hugepages-", StringComparison.Ordinal)
        || (name.Contains('/', StringComparison.Ordinal) && !name.StartsWith("kubernetes.io/", StringComparison.Ordinal) && !name.StartsWith("requests.", StringComparison.Ordinal));

    // Kubernetes rounds up: 0.5m of cpu is 1m, 1.5 bytes are 2.
    private static long MilliValue(Quantity q) => Clamp(Ceiling(q.Nanos, 1_000_000));

    private static long Value(Quantity q) => Clamp(Ceiling(q.Nanos, 1_000_000_000));

    private static System.Numerics.BigInteger Ceiling(System.Numerics.BigInteger nanos, long unit)
    {
        var quotient = System.Numerics.BigInteger.DivRem(nanos, unit, out var remainder);
        return remainder > 0 ? quotient + 1 : quotient;
    }

    private static long Clamp(System.Numerics.BigInteger value) =>
        value > long.MaxValue ? long.MaxValue : value < long.MinValue ? long.MinValue : (long)value;
}
