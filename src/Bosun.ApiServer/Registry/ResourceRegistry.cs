using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Bosun.Api.Catalog;
using Bosun.Api.Errors;
using Bosun.Api.Objects;
using Bosun.Api.Patching.ServerSideApply;
using Bosun.Api.Strategies;
using Bosun.Api.Validation;
using Bosun.ApiServer.Admission;
using Bosun.Storage;

namespace Bosun.ApiServer.Registry;

/// <summary>
/// The generic registry: create, update and delete of any kind through its strategy, admission and the
/// store, with Kubernetes' metadata rules (uid, creationTimestamp, generation, generateName, finalizers,
/// graceful deletion) and optimistic concurrency on the store's revisions.
/// </summary>
public sealed class ResourceRegistry(IStore store, AdmissionChain admission, TimeProvider time)
{
    private const int GenerateNameAttempts = 8;
    private const string GenerateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>The store underneath (reads that bypass the cache use it).</summary>
    public IStore Store => store;

    /// <summary>Creates an object; <paramref name="obj"/> is the decoded request body.</summary>
    public async Task<StoredObject> CreateAsync(ResourceDefinition resource, string ns, JsonObject obj, WriteContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(context);
        var strategy = Strategies.For(resource.StorageGroup, resource.Kind);
        ObjectChecks.CheckKind(resource, obj);
        ObjectChecks.CheckNamespace(resource, ns, obj);
        if (!string.IsNullOrEmpty(obj.ResourceVersion()))
        {
            throw ApiException.BadRequest("resourceVersion should not be set on objects to be created");
        }

        obj = resource.Converter?.ToStorage(obj) ?? obj;

        obj.SetMeta("deletionTimestamp", null);
        obj.SetMeta("deletionGracePeriodSeconds", null);
        obj.SetMeta("uid", Guid.NewGuid().ToString());
        obj.SetMeta("creationTimestamp", ObjectJson.Timestamp(time.GetUtcNow()));
        obj.SetMeta("generation", strategy.TracksGeneration ? 1 : null);
        // The name is generated first so defaults that copy it (a job's job-name label) see it.
        var generateName = obj.MetaString("generateName");
        var generated = obj.Name().Length == 0 && !string.IsNullOrEmpty(generateName);
        if (generated)
        {
            obj.SetMeta("name", GenerateName(generateName!));
        }

        strategy.ApplyDefaults(obj);
        strategy.PrepareForCreate(obj, resource.HasSubresource("status"));

        var request = new AdmissionRequest(AdmissionOperation.Create, resource, "", ns, obj.Name(), obj, null, context.User, context.DryRun);
        await admission.MutateAsync(request, cancellationToken);
        RecordManager(resource, "", null, obj, context);
        ValidateCreate(resource, strategy, obj);
        await admission.ValidateAsync(request, cancellationToken);
        if (context.DryRun)
        {
            return new StoredObject(ObjectJson.ToStored(obj), 0);
        }

        for (var attempt = 1; ; attempt++)
        {
            var bytes = ObjectJson.ToStored(obj);
            try
            {
                var kv = await store.CreateAsync(ObjectKeys.Key(resource, ns, obj.Name()), bytes, cancellationToken);
                return new StoredObject(kv.Value, kv.ModRevision);
            }
            catch (KeyExistsException) when (generated && attempt < GenerateNameAttempts)
            {
                obj.SetMeta("name", GenerateName(generateName!));
            }
            catch (KeyExistsException)
            {
                throw ApiException.AlreadyExists(resource.Group, resource.Plural, obj.Name());
            }
        }
    }

    /// <summary>
    /// Replaces an object with what <paramref name="update"/> computes from the current one, retrying on
    /// concurrent changes unless the caller pinned a resourceVersion (<paramref name="retryOnConflict"/> false).
    /// <paramref name="subresource"/> "status" takes only the status of the computed object.
    /// </summary>
    public async Task<(StoredObject Object, bool Created)> UpdateAsync(
        ResourceDefinition resource,
        string ns,
        string name,
        string subresource,
        ObjectUpdate update,
        bool retryOnConflict,
        WriteContext context,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(context);
        var strategy = Strategies.For(resource.StorageGroup, resource.Kind);
        var key = ObjectKeys.Key(resource, ns, name);
        while (true)
        {
            var kv = await store.GetAsync(key, 0, cancellationToken);
            if (kv is null)
            {
                if (!(strategy.AllowCreateOnUpdate || context.Applying) || subresource.Length > 0)
                {
                    throw ApiException.NotFound(resource.Group, resource.Plural, name);
                }

                var fresh = await update(null);
                ObjectChecks.CheckName(fresh, name);
                if (!string.IsNullOrEmpty(fresh.ResourceVersion()))
                {
                    throw ApiException.NotFound(resource.Group, resource.Plural, name);
                }

                try
                {
                    return (await CreateAsync(resource, ns, fresh, context, cancellationToken), true);
                }
                catch (ApiException e) when (e.Reason == "AlreadyExists")
                {
                    continue;
                }
            }

            var current = ObjectJson.ParseObject(kv.Value.Span);
            var currentVersion = kv.ModRevision.ToString(System.Globalization.CultureInfo.InvariantCulture);
            current.SetMeta("resourceVersion", currentVersion);
            var desired = await update(resource.Converter?.FromStorage(current) ?? (JsonObject)current.DeepClone());
            ObjectChecks.CheckKind(resource, desired);
            ObjectChecks.CheckName(desired, name);
            ObjectChecks.CheckNamespace(resource, ns, desired);
            desired = resource.Converter?.ToStorage(desired) ?? desired;
            var requestedVersion = desired.ResourceVersion();
            if (!string.IsNullOrEmpty(requestedVersion) && requestedVersion != currentVersion)
            {
                throw ApiException.StaleResourceVersion(resource.Group, resource.Plural, name);
            }

            var next = subresource == "status" ? ObjectChecks.WithStatusOf(current, desired) : desired;
            ObjectChecks.KeepSystemFields(next, current);
            if (subresource.Length == 0)
            {
                strategy.ApplyDefaults(next);
                strategy.PrepareForUpdate(next, current, resource.HasSubresource("status"));
                if (strategy.TracksGeneration && strategy.SpecChanged(next, current))
                {
                    next.SetMeta("generation", (current.Metadata()["generation"]?.GetValue<long>() ?? 0) + 1);
                }
            }

            var request = new AdmissionRequest(AdmissionOperation.Update, resource, subresource, ns, name, next, current, context.User, context.DryRun);
            await admission.MutateAsync(request, cancellationToken);
            RecordManager(resource, subresource, current, next, context);
            ValidateUpdate(resource, strategy, next, current, subresource);
            await admission.ValidateAsync(request, cancellationToken);

            var bytes = ObjectJson.ToStored(next);
            // Compared as JSON, not bytes: a client's replace body orders metadata its own way.
            if (bytes.AsSpan().SequenceEqual(kv.Value.Span)
                || JsonNode.DeepEquals(ObjectJson.ParseObject(bytes), ObjectJson.ParseObject(kv.Value.Span)))
            {
                // Nothing changed: Kubernetes does not write (and keeps the resourceVersion).
                return (new StoredObject(kv.Value, kv.ModRevision), false);
            }

            if (context.DryRun)
            {
                return (new StoredObject(bytes, kv.ModRevision), false);
            }

            try
            {
                if (next.IsBeingDeleted() && next.Finalizers().Count == 0 && !strategy.HasPendingFinalization(next)
                    && (current.Metadata()["deletionGracePeriodSeconds"]?.GetValue<long>() ?? 0) == 0)
                {
                    // The last finalizer is gone: the pending delete completes now.
                    var deleted = await store.DeleteAsync(key, kv.ModRevision, cancellationToken);
                    return (new StoredObject(bytes, deleted.Revision), false);
                }

                var written = await store.UpdateAsync(key, bytes, kv.ModRevision, cancellationToken);
                return (new StoredObject(written.Value, written.ModRevision), false);
            }
            catch (RevisionConflictException) when (retryOnConflict)
            {
                // Someone else wrote in between: recompute from the new state.
            }
            catch (RevisionConflictException)
            {
                throw ApiException.StaleResourceVersion(resource.Group, resource.Plural, name);
            }
            catch (KeyMissingException)
            {
                throw ApiException.NotFound(resource.Group, resource.Plural, name);
            }
        }
    }

    /// <summary>Deletes an object, or marks it for deletion while finalizers or a grace period hold it.</summary>
    public async Task<DeleteOutcome> DeleteAsync(ResourceDefinition resource, string ns, string name, DeleteOptions options, WriteContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var strategy = Strategies.For(resource.StorageGroup, resource.Kind);
        var key = ObjectKeys.Key(resource, ns, name);
        if (options.GracePeriodSeconds is < 0)
        {
            options = options with { GracePeriodSeconds = 1 };
        }

        while (true)
        {
            var kv = await store.GetAsync(key, 0, cancellationToken)
                ?? throw ApiException.NotFound(resource.Group, resource.Plural, name);
            var current = ObjectJson.ParseObject(kv.Value.Span);
            ObjectChecks.CheckPreconditions(resource, name, current, kv.ModRevision, options);
            var request = new AdmissionRequest(AdmissionOperation.Delete, resource, "", ns, name, null, current, context.User, context.DryRun);
            await admission.MutateAsync(request, cancellationToken);
            await admission.ValidateAsync(request, cancellationToken);

            var grace = strategy.GracePeriodSeconds(current, options.GracePeriodSeconds);
            var next = (JsonObject)current.DeepClone();
            var finalizers = next.Finalizers();
            var propagationFinalizer = options.PropagationPolicy switch
            {
                "Foreground" => "foregroundDeletion",
                "Orphan" => "orphan",
                _ => null,
            };
            if (propagationFinalizer is not null && !current.IsBeingDeleted() && !finalizers.Contains(propagationFinalizer))
            {
                finalizers.Add(propagationFinalizer);
                next.SetMeta("finalizers", new JsonArray([.. finalizers.Select(f => (JsonNode)f)]));
            }

            var now = time.GetUtcNow();
            var mustWait = finalizers.Count > 0 || strategy.HasPendingFinalization(next) || grace > 0;
            if (!mustWait)
            {
                if (context.DryRun)
                {
                    return new DeleteOutcome(new StoredObject(kv.Value, kv.ModRevision), true);
                }

                try
                {
                    var deleted = await store.DeleteAsync(key, kv.ModRevision, cancellationToken);
                    return new DeleteOutcome(new StoredObject(deleted.Deleted.Value, deleted.Deleted.ModRevision), true);
                }
                catch (RevisionConflictException)
                {
                    continue;
                }
                catch (KeyMissingException)
                {
                    throw ApiException.NotFound(resource.Group, resource.Plural, name);
                }
            }

            var deletionTimestamp = now.AddSeconds(grace);
            if (current.IsBeingDeleted())
            {
                // Already pending: only a shorter grace period changes anything, counted from the original start.
                var currentGrace = current.Metadata()["deletionGracePeriodSeconds"]?.GetValue<long>() ?? 0;
                if (grace >= currentGrace)
                {
                    return new DeleteOutcome(new StoredObject(kv.Value, kv.ModRevision), false);
                }

                if (DateTimeOffset.TryParse(current.MetaString("deletionTimestamp"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var started))
                {
                    deletionTimestamp = started.AddSeconds(grace - currentGrace);
                }
            }
            else
            {
                strategy.OnDeletionStarted(next);
                if (next.Metadata()["generation"]?.GetValue<long>() is > 0 and var generation)
                {
                    next.SetMeta("generation", generation + 1);
                }
            }

            next.SetMeta("deletionTimestamp", ObjectJson.Timestamp(deletionTimestamp));
            next.SetMeta("deletionGracePeriodSeconds", grace);
            var bytes = ObjectJson.ToStored(next);
            if (context.DryRun)
            {
                return new DeleteOutcome(new StoredObject(bytes, kv.ModRevision), false);
            }

            try
            {
                var written = await store.UpdateAsync(key, bytes, kv.ModRevision, cancellationToken);
                return new DeleteOutcome(new StoredObject(written.Value, written.ModRevision), false);
            }
            catch (RevisionConflictException)
            {
                // Changed meanwhile: decide again on the new state.
            }
            catch (KeyMissingException)
            {
                throw ApiException.NotFound(resource.Group, resource.Plural, name);
            }
        }
    }

    /// <summary>Records a non-apply write's field manager in managedFields (an apply has set them already).</summary>
    private void RecordManager(ResourceDefinition resource, string subresource, JsonObject? current, JsonObject next, WriteContext context)
    {
        if (context.FieldManager is null || context.Applying)
        {
            return;
        }

        var schema = new ApplySchema(resource.Group, resource.Kind, subresource.Length == 0 && resource.HasSubresource("status"));
        FieldManager.RecordUpdate(current, next, schema, context.FieldManager, resource.ApiVersion, context.ManagerSubresource ?? subresource, time.GetUtcNow());
    }

    private static void ValidateCreate(ResourceDefinition resource, ResourceStrategy strategy, JsonObject obj)
    {
        var errors = ObjectMetaValidator.ValidateForCreate(obj.Metadata(), resource.Namespaced, NameValidator(strategy.NameRule))
            .Select(ToCause)
            .Concat(strategy.Validate(obj))
            .ToList();
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(resource.Group, resource.Kind, obj.Name(), errors);
        }
    }

    private static void ValidateUpdate(ResourceDefinition resource, ResourceStrategy strategy, JsonObject next, JsonObject current, string subresource)
    {
        var errors = ObjectMetaValidator.ValidateForUpdate(next.Metadata(), current.Metadata()).Select(ToCause);
        if (subresource.Length == 0)
        {
            errors = errors.Concat(strategy.ValidateUpdate(next, current));
        }

        var list = errors.ToList();
        if (list.Count > 0)
        {
            throw ApiException.Invalid(resource.Group, resource.Kind, next.Name(), list);
        }
    }

    private static StatusCause ToCause(FieldError error) => new(error.Type, error.ErrorBody(), error.Field);

    private static Func<string, bool, IReadOnlyList<string>> NameValidator(NameRule rule) => rule switch
    {
        NameRule.Dns1123Label => NameValidation.NameIsDnsLabel,
        NameRule.Dns1035Label => NameValidation.NameIsDns1035Label,
        NameRule.PathSegment => NameValidation.ValidatePathSegmentName,
        _ => NameValidation.NameIsDnsSubdomain,
    };

    /// <summary>generateName plus five random characters, as Kubernetes' SimpleNameGenerator.</summary>
    private static string GenerateName(string prefix)
    {
        const int maxPrefix = 63 - 5;
        if (prefix.Length > maxPrefix)
        {
            prefix = prefix[..maxPrefix];
        }

        Span<char> suffix = stackalloc char[5];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = GenerateNameAlphabet[RandomNumberGenerator.GetInt32(GenerateNameAlphabet.Length)];
        }

        return prefix + new string(suffix);
    }
}
