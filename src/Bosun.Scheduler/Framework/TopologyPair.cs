namespace Bosun.Scheduler.Framework;

/// <summary>A topology domain: a node label key and its value (e.g. topology.kubernetes.io/zone=a).</summary>
internal readonly record struct TopologyPair(string Key, string Value);
