namespace Bosun.Scheduler.Framework;

/// <summary>
/// The outcome of one scheduling attempt: the chosen node, or (when <see cref="NodeName"/> is null) each node's
/// rejection, in snapshot order, for the message and for preemption.
/// </summary>
internal sealed record ScheduleResult(string? NodeName, int EvaluatedNodes, int FeasibleNodes, CycleState State, NodeStatus?[] Statuses);
