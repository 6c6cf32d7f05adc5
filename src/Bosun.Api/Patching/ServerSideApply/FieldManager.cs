using System.Text.Json.Nodes;
using Bosun.Api.Errors;
using Bosun.Api.Objects;

namespace Bosun.Api.Patching.ServerSideApply;

/// <summary>
/// Server-side apply and field ownership: merges applied configurations into live objects with
/// conflict detection, and records in <c>metadata.managedFields</c> who set which field.
/// </summary>
/// <remarks>
/// Follows kube-apiserver's fieldmanager over structured-merge-diff: an applier owns exactly the fields of
/// its last applied configuration; fields it stops applying are removed unless another manager still owns
/// them (or something under them); an applier changing a value another manager owns is a conflict unless
/// forced, which moves the field to the applier; an updater takes every field it changes from the others.
/// </remarks>
public static class FieldManager
{
    /// <summary>
    /// The object <paramref name="applied"/> produces for <paramref name="manager"/>: the applied
    /// configuration itself when <paramref name="live"/> is null, else the merge, with managedFields updated.
    /// </summary>
    /// <exception cref="ApiException">409 Conflict when the apply changes fields other managers own and <paramref name="force"/> is false.</exception>
    public static JsonObject Apply(JsonObject? live, JsonObject applied, ApplySchema schema, string manager, bool force, string apiVersion, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(schema);
        if (applied["metadata"]?["managedFields"] is not null)
        {
            throw ApiException.BadRequest("metadata.managedFields must be nil");
        }

        // This call's own copy, which the merge consumes; a parsed configuration copies without materializing.
        var config = (JsonObject)applied.DeepClone();
        ApplyMerge.RemoveNulls(config);
        var time = ObjectJson.Timestamp(now);
        if (live is null)
        {
            // The configuration copy becomes the object.
            ManagedFields.Write(config, [new ManagedFieldsEntry(manager, ManagedFieldsEntry.Apply, apiVersion, time, string.Empty, FieldSetBuilder.Of(config, schema))]);
            return config;
        }

        // Copied before the walk below materializes the live object: a parsed object copies cheaply only until then.
        var merged = (JsonObject)live.DeepClone();
        var differing = new FieldSet();
        var appliedSet = FieldSetBuilder.Of(config, schema, live, differing);
        var mine = new ManagedFieldsEntry(manager, ManagedFieldsEntry.Apply, apiVersion, time, string.Empty, appliedSet);
        var entries = ManagedFields.Read(live);
        var previous = entries.Find(e => e.SameManager(mine));
        var others = entries.Where(e => !e.SameManager(mine)).ToList();

        var conflicts = new List<ApplyConflict>();
        foreach (var other in others)
        {
            foreach (var path in other.Fields.Intersect(differing).Paths)
            {
                conflicts.Add(new ApplyConflict(other, path));
            }
        }

        if (conflicts.Count > 0 && !force)
        {
            throw ApplyConflicts.ToException(conflicts);
        }

        for (var i = 0; i < others.Count; i++)
        {
            var taken = new FieldSet(conflicts.Where(c => ReferenceEquals(c.Owner, others[i])).Select(c => c.Path));
            if (!taken.IsEmpty)
            {
                others[i] = others[i] with { Fields = others[i].Fields.Difference(taken) };
            }
        }

        ApplyMerge.MergeInto(merged, config, schema);
        if (previous is not null)
        {
            var ownedByOthers = others.Aggregate(new FieldSet(), (all, e) => all.Union(e.Fields));
            foreach (var path in previous.Fields.Difference(appliedSet).Paths.OrderByDescending(p => p.Length))
            {
                if (!ownedByOthers.HasAtOrUnder(path))
                {
                    FieldNavigator.Remove(merged, path);
                }
            }

            if (previous.Fields.SetEquals(appliedSet))
            {
                mine = mine with { Time = previous.Time };
            }
        }

        ManagedFields.Write(merged, Replace(entries, previous, mine, others));
        return merged;
    }

    /// <summary>
    /// Records a create, update or non-apply patch by <paramref name="manager"/>: it takes the fields whose
    /// values it changed or added; fields that disappeared leave every set.
    /// </summary>
    public static void RecordUpdate(JsonObject? live, JsonObject next, ApplySchema schema, string manager, string apiVersion, string subresource, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(schema);
        if (ManagedFields.IsReset(next))
        {
            next.SetMeta("managedFields", null);
            return;
        }

        var entries = ManagedFields.Read(next);
        if (entries.Count == 0)
        {
            entries = ManagedFields.Read(live);
        }

        FieldSet changed, removed;
        if (live is null)
        {
            (changed, removed) = (FieldSetBuilder.Of(next, schema), new FieldSet());
        }
        else
        {
            var diff = FieldDiff.Of(live, next, schema);
            (changed, removed) = (diff.Changed, diff.Removed);
        }

        var mine = new ManagedFieldsEntry(manager, ManagedFieldsEntry.Update, apiVersion, ObjectJson.Timestamp(now), subresource, changed);
        var previous = entries.Find(e => e.SameManager(mine));
        var others = entries
            .Where(e => !e.SameManager(mine))
            .Select(e => e with { Fields = e.Fields.Difference(changed).Difference(removed) })
            .ToList();
        if (previous is not null)
        {
            var fields = previous.Fields.Union(changed).Difference(removed);
            mine = fields.SetEquals(previous.Fields) ? previous with { Fields = fields } : mine with { Fields = fields };
        }

        ManagedFields.Write(next, Replace(entries, previous, mine, others));
    }

    /// <summary>The entries in their stored order, the manager's own in its old place (or last when new).</summary>
    private static List<ManagedFieldsEntry> Replace(List<ManagedFieldsEntry> entries, ManagedFieldsEntry? previous, ManagedFieldsEntry mine, List<ManagedFieldsEntry> others)
    {
        var result = new List<ManagedFieldsEntry>();
        var next = 0;
        foreach (var entry in entries)
        {
            result.Add(ReferenceEquals(entry, previous) ? mine : others[next++]);
        }

        if (previous is null)
        {
            result.Add(mine);
        }

        return result;
    }
}
