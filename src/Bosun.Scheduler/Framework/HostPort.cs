namespace Bosun.Scheduler.Framework;

/// <summary>A host port a container asks for; an empty or 0.0.0.0 address means every address.</summary>
internal readonly record struct HostPort(string HostIp, string Protocol, int Port)
{
    public bool ConflictsWith(HostPort other) =>
        Port == other.Port && Protocol == other.Protocol && (IsWildcard || other.IsWildcard || HostIp == other.HostIp);

    private bool IsWildcard => HostIp is "" or "0.0.0.0" or "::";
}
