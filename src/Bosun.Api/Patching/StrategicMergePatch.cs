using System.Text.Json.Nodes;
using Bosun.Api.Serialization;

namespace Bosun.Api.Patching;

/// <summary>
/// Strategic merge patch (<c>application/strategic-merge-patch+json</c>) for the built-in kinds, following
/// k8s.io/apimachinery's <c>strategicpatch.StrategicMergeMapPatch</c>: lists tagged <c>merge</c> merge by
/// their merge key (or as sets for primitives), with the <c>$patch</c>, <c>$retainKeys</c>,
/// <c>$setElementOrder/field</c> and <c>$deleteFromPrimitiveList/field</c> directives.
/// </summary>
/// <remarks>
/// <para>
/// Custom resources do not support it: kube-apiserver answers 415 (see <see cref="IsSupported"/>).
/// Errors carry the apiserver's status: 400 for a malformed patch or directive, 422 (generic message) for
/// lists of lists, and 500 with the library's message for the rest (a missing merge key, an unknown
/// <c>$patch</c> value), exactly as kube-apiserver reports them.
/// </para>
/// <para>
/// Values copied from the patch into the object (a new key, a new list element, a replaced list) lose
/// their directive keys and null members, which is what Kubernetes' typed round trip does to them.
/// <c>$deleteFromPrimitiveList</c> on a list the object does not have is a no-op (Kubernetes would add
/// the listed values, a known bug no client relies on).
/// </para>
/// </remarks>
public static class StrategicMergePatch
{
    /// <summary>The 415 message kube-apiserver sends when a custom resource is patched this way.</summary>
    public const string UnsupportedMessage =
        "the body of the request was in an unknown format - accepted media types include: " +
        "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml";

    private const string DirectiveMarker = "$patch";
    private const string DeleteDirective = "delete";
    private const string ReplaceDirective = "replace";
    private const string MergeDirective = "merge";
    private const string RetainKeysDirective = "$retainKeys";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList";
    private const string SetElementOrderPrefix = "$setElementOrder";

    /// <summary>
    /// True when kube-apiserver accepts a strategic merge patch for the kind: every built-in kind, whether or
    /// not it has merge keys. Custom resources (and unknown kinds) get 415 with <see cref="UnsupportedMessage"/>.
    /// </summary>
    public static bool IsSupported(string group, string kind)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(kind);
        return PatchMergeSchema.IsBuiltIn(group, kind);
    }

    /// <summary>Parses the patch body and applies it to a copy of <paramref name="original"/>.</summary>
    public static JsonObject Apply(JsonObject original, ReadOnlySpan<byte> patch, string group, string kind)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonText.Parse(patch);
        }
        catch (FormatException e)
        {
            throw PatchException.BadRequest(e.Message);
        }

        return parsed switch
        {
            null => Apply(original, new JsonObject(), group, kind),
            JsonObject patchObject => Apply(original, patchObject, group, kind),
            _ => throw PatchException.BadRequest(
                $"json: cannot unmarshal {JsonPatch.GoJsonType(parsed)} into Go value of type map[string]interface {{}}"),
        };
    }

    /// <summary>Applies <paramref name="patch"/> to a copy of <paramref name="original"/>; neither input is changed.</summary>
    public static JsonObject Apply(JsonObject original, JsonObject patch, string group, string kind)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(patch);
        var table = PatchMergeSchema.TableFor(group, kind)
            ?? throw new PatchException(415, "UnsupportedMediaType", UnsupportedMessage, null);
        var merger = new Merger(table);
        return merger.MergeMap((JsonObject)original.DeepClone(), (JsonObject)patch.DeepClone(), string.Empty);
    }

    private sealed class Merger(IReadOnlyDictionary<string, PatchMeta> table)
    {
        private PatchMeta Meta(string path) => table.GetValueOrDefault(path) ?? PatchMeta.None;

        public JsonObject MergeMap(JsonObject original, JsonObject patch, string path)
        {
            if (patch.TryGetPropertyValue(DirectiveMarker, out var directive))
            {
                return HandleDirectiveInMergeMap(directive, patch);
            }

            ApplyRetainKeys(original, patch);
            MergePatchIntoOriginal(original, patch, path);

            foreach (var (patchKey, patchValue) in patch.ToArray())
            {
                patch.Remove(patchKey);
                var key = patchKey;
                var isDeleteList = false;
                if (patchKey.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
                {
                    key = ExtractKey(patchKey, DeleteFromPrimitiveListPrefix);
                    isDeleteList = true;
                }

                if (patchValue is null)
                {
                    original.Remove(key);
                    continue;
                }

                if (!original.TryGetPropertyValue(key, out var current))
                {
                    if (!isDeleteList)
                    {
                        original[key] = Sanitize(patchValue);
                    }

                    continue;
                }

                var kind = GoValues.KindOf(current);
                if (kind != GoValues.KindOf(patchValue))
                {
                    original[key] = Sanitize(patchValue);
                    continue;
                }

                var childPath = PatchMergeSchema.Join(path, key);
                var meta = Meta(childPath);
                switch (kind)
                {
                    case GoKind.Map:
                        original[key] = meta.Replace
                            ? Sanitize(patchValue)
                            : MergeMap(Detach(original, key).AsObject(), patchValue.AsObject(), childPath);
                        break;
                    case GoKind.Slice:
                        original[key] = meta.Merge
                            ? MergeSlice(Items(Detach(original, key)), Items(patchValue), childPath, meta.MergeKey, isDeleteList)
                            : Sanitize(patchValue);
                        break;
                    default:
                        original[key] = patchValue;
                        break;
                }
            }

            return original;
        }

        private static JsonObject HandleDirectiveInMergeMap(JsonNode? directive, JsonObject patch)
        {
            if (IsString(directive, ReplaceDirective))
            {
                patch.Remove(DirectiveMarker);
                Sanitize(patch);
                return patch;
            }

            if (IsString(directive, DeleteDirective))
            {
                return [];
            }

            throw BadPatchType(directive, patch);
        }

        private static void ApplyRetainKeys(JsonObject original, JsonObject patch)
        {
            if (!patch.TryGetPropertyValue(RetainKeysDirective, out var retainKeys))
            {
                return;
            }

            patch.Remove(RetainKeysDirective);
            if (retainKeys is not JsonArray list)
            {
                throw PatchException.BadRequest("invalid patch format of retainKeys");
            }

            var keep = list.Where(v => GoValues.KindOf(v) == GoKind.String).Select(v => v!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            foreach (var (key, value) in patch)
            {
                if (value is null
                    || key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal)
                    || key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                if (!keep.Contains(key))
                {
                    throw PatchException.BadRequest("invalid patch format of retainKeys");
                }
            }

            foreach (var key in original.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
            {
                original.Remove(key);
            }
        }

        // Processes every $setElementOrder/<field> list together with the patch's <field> list.
        private void MergePatchIntoOriginal(JsonObject original, JsonObject patch, string path)
        {
            foreach (var (directiveKey, orderNode) in patch.ToArray())
            {
                if (!directiveKey.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                patch.Remove(directiveKey);
                if (orderNode is not JsonArray orderArray)
                {
                    throw BadArgType("[]interface {}", orderNode);
                }

                var order = orderArray.ToList();
                var key = ExtractKey(directiveKey, SetElementOrderPrefix);
                List<JsonNode?>? originalList = null;
                List<JsonNode?>? patchList = null;
                if (original.TryGetPropertyValue(key, out var originalNode))
                {
                    originalList = originalNode is JsonArray ? Items(Detach(original, key)) : throw BadArgType("[]interface {}", originalNode);
                }

                if (patch.TryGetPropertyValue(key, out var patchNode))
                {
                    patchList = patchNode is JsonArray ? Items(Detach(patch, key)) : throw BadArgType("[]interface {}", patchNode);
                }

                var childPath = PatchMergeSchema.Join(path, key);
                var meta = Meta(childPath);
                var mergeKey = meta.MergeKey;
                ValidatePatchWithSetOrderList(patchList, order, mergeKey);

                List<JsonNode?> merged;
                var fromPatchOnly = false;
                if (originalList is not null && patchList is null)
                {
                    merged = originalList;
                }
                else if (originalList is null && patchList is not null)
                {
                    merged = patchList;
                    fromPatchOnly = true;
                }
                else if (originalList is not null && patchList is not null)
                {
                    if (meta.Merge)
                    {
                        merged = Items(MergeSlice([.. originalList], [.. patchList], childPath, mergeKey, false));
                    }
                    else
                    {
                        merged = patchList;
                        fromPatchOnly = true;
                    }
                }
                else
                {
                    continue;
                }

                var (patchItems, serverOnly) = string.IsNullOrEmpty(mergeKey)
                    ? PartitionPrimitives(merged, order)
                    : PartitionMaps(merged, order, mergeKey);
                var kind = SliceElementType(originalList ?? [], patchList ?? []);
                var both = NormalizeElementOrder(patchItems, serverOnly, order, originalList ?? [], mergeKey, kind);
                if (fromPatchOnly)
                {
                    both = both.Select(Sanitize).ToList();
                }

                original[key] = new JsonArray([.. both]);
            }
        }

        private static void ValidatePatchWithSetOrderList(List<JsonNode?>? patchList, List<JsonNode?> order, string? mergeKey)
        {
            if (order.Count == 0 || patchList is null || patchList.Count == 0)
            {
                return;
            }

            var nonDelete = string.IsNullOrEmpty(mergeKey) ? patchList : ExtractToDeleteItems(patchList).NonDelete;
            int patchIndex = 0, orderIndex = 0;
            while (patchIndex < nonDelete.Count && orderIndex < order.Count)
            {
                if (nonDelete[patchIndex] is JsonObject item && item.ContainsKey(DirectiveMarker))
                {
                    patchIndex++;
                    continue;
                }

                if (MergeKeyValueEqual(nonDelete[patchIndex], order[orderIndex], mergeKey))
                {
                    patchIndex++;
                }

                orderIndex++;
            }

            if (patchIndex < nonDelete.Count && orderIndex >= order.Count)
            {
                throw PatchException.Internal(
                    $"The order in patch list:\n{FormatList(patchList)}\n doesn't match {SetElementOrderPrefix} list:\n{FormatList(order)}\n");
            }
        }

        private static bool MergeKeyValueEqual(JsonNode? left, JsonNode? right, string? mergeKey)
        {
            if (string.IsNullOrEmpty(mergeKey))
            {
                return GoValues.Equal(left, right);
            }

            var typedLeft = left as JsonObject ?? throw BadArgType("map[string]interface {}", left);
            var typedRight = right as JsonObject ?? throw BadArgType("map[string]interface {}", right);
            if (!typedLeft.TryGetPropertyValue(mergeKey, out var leftValue))
            {
                throw NoMergeKey(typedLeft, mergeKey);
            }

            if (!typedRight.TryGetPropertyValue(mergeKey, out var rightValue))
            {
                throw NoMergeKey(typedRight, mergeKey);
            }

            return GoValues.Equal(leftValue, rightValue);
        }

        private JsonArray MergeSlice(List<JsonNode?> original, List<JsonNode?> patch, string path, string? mergeKey, bool isDeleteList)
        {
            if (original.Count == 0 && patch.Count == 0)
            {
                return [];
            }

            var kind = SliceElementType(original, patch);
            List<JsonNode?> merged;
            if (kind != GoKind.Map)
            {
                if (isDeleteList)
                {
                    return new JsonArray([.. original.Where(v => !patch.Any(d => GoValues.Equal(v, d)))]);
                }

                merged = Deduplicate(original.Concat(patch));
            }
            else
            {
                if (string.IsNullOrEmpty(mergeKey))
                {
                    throw PatchException.Internal("cannot merge lists without merge key for type struct");
                }

                (original, patch) = MergeSliceWithSpecialElements(original, patch, mergeKey);
                merged = MergeSliceWithoutSpecialElements(original, patch, mergeKey, path);
            }

            var (patchItems, serverOnly) = string.IsNullOrEmpty(mergeKey)
                ? PartitionPrimitives(merged, patch)
                : PartitionMaps(merged, patch, mergeKey);
            return new JsonArray([.. NormalizeElementOrder(patchItems, serverOnly, patch, original, mergeKey, kind)]);
        }

        private static (List<JsonNode?> Original, List<JsonNode?> Patch) MergeSliceWithSpecialElements(
            List<JsonNode?> original, List<JsonNode?> patch, string mergeKey)
        {
            var withoutSpecial = new List<JsonNode?>();
            var replace = false;
            foreach (var item in patch)
            {
                var typed = (JsonObject)item!;
                if (!typed.TryGetPropertyValue(DirectiveMarker, out var directive))
                {
                    withoutSpecial.Add(item);
                    continue;
                }

                if (IsString(directive, DeleteDirective))
                {
                    if (!typed.TryGetPropertyValue(mergeKey, out var value))
                    {
                        throw NoMergeKey(typed, mergeKey);
                    }

                    original = DeleteMatchingEntries(original, mergeKey, value);
                }
                else if (IsString(directive, ReplaceDirective))
                {
                    // Keep going: the other directive elements still have to be pruned.
                    replace = true;
                }
                else if (IsString(directive, MergeDirective))
                {
                    throw PatchException.Internal("merging lists cannot yet be specified in the patch");
                }
                else
                {
                    throw BadPatchType(directive, typed);
                }
            }

            return replace ? ([.. withoutSpecial.Select(Sanitize)], []) : (original, withoutSpecial);
        }

        private static List<JsonNode?> DeleteMatchingEntries(List<JsonNode?> original, string mergeKey, JsonNode? value)
        {
            var kept = new List<JsonNode?>(original.Count);
            for (var i = 0; i < original.Count; i++)
            {
                if (!FindMatches(original[i], i, mergeKey, value))
                {
                    kept.Add(original[i]);
                }
            }

            return kept;
        }

        private List<JsonNode?> MergeSliceWithoutSpecialElements(List<JsonNode?> original, List<JsonNode?> patch, string mergeKey, string path)
        {
            // New elements are searched too: a later patch element with the same key merges into an earlier one.
            var merged = new List<JsonNode?>(original);
            foreach (var item in patch)
            {
                var typed = (JsonObject)item!;
                if (!typed.TryGetPropertyValue(mergeKey, out var value))
                {
                    throw NoMergeKey(typed, mergeKey);
                }

                var index = -1;
                for (var i = 0; i < merged.Count && index < 0; i++)
                {
                    if (FindMatches(merged[i], i, mergeKey, value))
                    {
                        index = i;
                    }
                }

                if (index >= 0)
                {
                    merged[index] = MergeMap((JsonObject)merged[index]!, (JsonObject)typed.DeepClone(), path);
                    if (index < original.Count)
                    {
                        original[index] = merged[index];
                    }
                }
                else
                {
                    merged.Add(Sanitize(typed.DeepClone()));
                }
            }

            return merged;
        }

        // findMapInSliceBasedOnKeyValue's test for one element.
        private static bool FindMatches(JsonNode? item, int index, string mergeKey, JsonNode? value)
        {
            if (item is not JsonObject typed)
            {
                throw PatchException.Internal($"value for key {index} is not a map.");
            }

            return typed.TryGetPropertyValue(mergeKey, out var candidate) && GoValues.Equal(candidate, value);
        }

        private static (List<JsonNode?> Patch, List<JsonNode?> ServerOnly) PartitionPrimitives(List<JsonNode?> items, List<JsonNode?> partitionBy)
        {
            var inPatch = new List<JsonNode?>();
            var serverOnly = new List<JsonNode?>();
            foreach (var item in items)
            {
                (partitionBy.Any(p => GoValues.Equal(p, item)) ? inPatch : serverOnly).Add(item);
            }

            return (inPatch, serverOnly);
        }

        private static (List<JsonNode?> Patch, List<JsonNode?> ServerOnly) PartitionMaps(List<JsonNode?> items, List<JsonNode?> partitionBy, string mergeKey)
        {
            var inPatch = new List<JsonNode?>();
            var serverOnly = new List<JsonNode?>();
            foreach (var item in items)
            {
                var typed = item as JsonObject ?? throw BadArgType("map[string]interface {}", item);
                if (!typed.TryGetPropertyValue(mergeKey, out var value))
                {
                    throw NoMergeKey(typed, mergeKey);
                }

                var found = false;
                for (var i = 0; i < partitionBy.Count && !found; i++)
                {
                    found = FindMatches(partitionBy[i], i, mergeKey, value);
                }

                (found ? inPatch : serverOnly).Add(item);
            }

            return (inPatch, serverOnly);
        }

        // Sorts the patch items by the patch (or $setElementOrder) order, the server-only items by the
        // server order, and interleaves them as Kubernetes' mergeSortedSlice does.
        private static List<JsonNode?> NormalizeElementOrder(
            List<JsonNode?> patchItems,
            List<JsonNode?> serverOnly,
            List<JsonNode?> patchOrder,
            List<JsonNode?> serverOrder,
            string? mergeKey,
            GoKind kind)
        {
            patchItems = NormalizeSliceOrder(patchItems, patchOrder, mergeKey, kind);
            serverOnly = NormalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
            return MergeSortedSlice(serverOnly, patchItems, serverOrder, mergeKey, kind);
        }

        private static List<JsonNode?> NormalizeSliceOrder(List<JsonNode?> toSort, List<JsonNode?> order, string? mergeKey, GoKind kind)
        {
            List<JsonNode?> toDelete = [];
            if (kind == GoKind.Map)
            {
                foreach (var item in toSort.Concat(order))
                {
                    var typed = item as JsonObject ?? throw BadArgType("map[string]interface {}", item);
                    if (!typed.ContainsKey(mergeKey ?? string.Empty))
                    {
                        throw NoMergeKey(typed, mergeKey ?? string.Empty);
                    }
                }

                (toSort, toDelete) = ExtractToDeleteItems(toSort);
            }

            // Go's stable insertion sort with the same (not always consistent) comparison.
            var indexes = toSort.Select(item => Index(order, item, mergeKey, kind)).ToList();
            var sorted = new List<JsonNode?>(toSort);
            for (var i = 1; i < sorted.Count; i++)
            {
                for (var j = i; j > 0 && Less(indexes[j], indexes[j - 1]); j--)
                {
                    (sorted[j], sorted[j - 1]) = (sorted[j - 1], sorted[j]);
                    (indexes[j], indexes[j - 1]) = (indexes[j - 1], indexes[j]);
                }
            }

            sorted.AddRange(toDelete);
            return sorted;

            static bool Less(int left, int right) => left < 0 || right < 0 || left < right;
        }

        private static List<JsonNode?> MergeSortedSlice(List<JsonNode?> left, List<JsonNode?> right, List<JsonNode?> serverOrder, string? mergeKey, GoKind kind)
        {
            var result = new List<JsonNode?>(left.Count + right.Count);
            int i = 0, j = 0;
            while (i < left.Count || j < right.Count)
            {
                if (i >= left.Count)
                {
                    result.Add(right[j++]);
                }
                else if (j >= right.Count)
                {
                    result.Add(left[i++]);
                }
                else
                {
                    var li = Index(serverOrder, left[i], mergeKey, kind);
                    var ri = Index(serverOrder, right[j], mergeKey, kind);
                    result.Add(li >= 0 && ri >= 0 && li < ri ? left[i++] : right[j++]);
                }
            }

            return result;
        }

        private static int Index(List<JsonNode?> list, JsonNode? item, string? mergeKey, GoKind kind)
        {
            var value = KeyOf(item, mergeKey, kind);
            for (var i = 0; i < list.Count; i++)
            {
                if (GoValues.Equal(value, KeyOf(list[i], mergeKey, kind)))
                {
                    return i;
                }
            }

            return -1;
        }

        private static JsonNode? KeyOf(JsonNode? item, string? mergeKey, GoKind kind) =>
            kind != GoKind.Map ? item : item is JsonObject typed ? typed[mergeKey ?? string.Empty] : null;

        private static (List<JsonNode?> NonDelete, List<JsonNode?> ToDelete) ExtractToDeleteItems(List<JsonNode?> items)
        {
            var nonDelete = new List<JsonNode?>();
            var toDelete = new List<JsonNode?>();
            foreach (var item in items)
            {
                var typed = item as JsonObject ?? throw BadArgType("map[string]interface {}", item);
                var isDelete = typed.TryGetPropertyValue(DirectiveMarker, out var directive) && IsString(directive, DeleteDirective);
                (isDelete ? toDelete : nonDelete).Add(item);
            }

            return (nonDelete, toDelete);
        }

        private static GoKind SliceElementType(List<JsonNode?> first, List<JsonNode?> second)
        {
            GoKind? previous = null;
            foreach (var item in first.Concat(second))
            {
                var kind = GoValues.KindOf(item);
                if (previous is null)
                {
                    if (kind == GoKind.Slice)
                    {
                        throw PatchException.Invalid("lists of lists are not supported");
                    }

                    previous = kind;
                }
                else if (previous != kind)
                {
                    throw PatchException.Internal(
                        $"list element types are not identical: [{FormatList(first)} {FormatList(second)}]");
                }
            }

            return previous ?? throw PatchException.Internal("no elements in any of the given slices");
        }

        private static List<JsonNode?> Deduplicate(IEnumerable<JsonNode?> items)
        {
            var result = new List<JsonNode?>();
            foreach (var item in items)
            {
                if (!result.Any(r => GoValues.Equal(r, item)))
                {
                    result.Add(item);
                }
            }

            return result;
        }

        private static string ExtractKey(string key, string prefix)
        {
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0 || key[..slash] != prefix)
            {
                throw PatchException.BadRequest(prefix == DeleteFromPrimitiveListPrefix
                    ? "invalid patch format of primitive list"
                    : "invalid patch format of setElementOrder list");
            }

            return key[(slash + 1)..];
        }

        private static JsonNode Detach(JsonObject parent, string key)
        {
            var node = parent[key]!;
            parent.Remove(key);
            return node;
        }

        private static List<JsonNode?> Items(JsonNode array)
        {
            var typed = (JsonArray)array;
            var items = typed.ToList();
            typed.Clear();
            return items;
        }

        private static bool IsString(JsonNode? node, string value) =>
            GoValues.KindOf(node) == GoKind.String && node!.GetValue<string>() == value;

        private static string FormatList(List<JsonNode?> items) =>
            "[" + string.Join(" ", items.Select(GoValues.Format)) + "]";

        private static PatchException BadPatchType(JsonNode? directive, JsonObject map) =>
            PatchException.Internal($"unknown patch type: {GoValues.FormatS(directive)} in map: {GoValues.Format(map)}");

        private static PatchException NoMergeKey(JsonObject map, string mergeKey) =>
            PatchException.Internal($"map: {GoValues.Format(map)} does not contain declared merge key: {mergeKey}");

        private static PatchException BadArgType(string expected, JsonNode? actual) =>
            PatchException.Internal($"expected a {expected}, but received a {GoValues.TypeName(actual)}");
    }

    // What the typed round trip leaves of a value copied from the patch: no directive keys, no null members.
    private static JsonNode? Sanitize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Where(p => p.Value is null || IsDirectiveKey(p.Key)).Select(p => p.Key).ToList())
                {
                    obj.Remove(key);
                }

                foreach (var (_, value) in obj)
                {
                    Sanitize(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Sanitize(item);
                }

                break;
        }

        return node;
    }

    private static bool IsDirectiveKey(string key) =>
        key == DirectiveMarker
        || key == RetainKeysDirective
        || key.StartsWith(SetElementOrderPrefix + "/", StringComparison.Ordinal)
        || key.StartsWith(DeleteFromPrimitiveListPrefix + "/", StringComparison.Ordinal);
}
