using Bosun.Client.Dynamic;

namespace Bosun.Controllers.GarbageCollector;

/// <summary>One object the collector looks at: its resource and its cache key ("namespace/name").</summary>
internal sealed record GcKey(ApiResource Resource, string Key)
{
    public override string ToString() => $"{Resource} {Key}";
}
