using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Bosun.Api.OpenApi;

/// <summary>Reflection over KubernetesClient model types: their JSON properties and nested types.</summary>
internal static class ModelTypes
{
    /// <summary>True for a model class that becomes its own schema (rather than a primitive).</summary>
    public static bool IsObjectModel(Type type) =>
        type.IsClass
        && type.Namespace == typeof(V1Pod).Namespace
        && type != typeof(ResourceQuantity)
        && type != typeof(IntOrString)
        && JsonProperties(type).Any();

    /// <summary>The JSON-named properties of a model type, sorted by JSON name as Kubernetes sorts them.</summary>
    public static IEnumerable<(string Name, PropertyInfo Property)> JsonProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name, Property: p))
            .Where(p => p.Name is not null)
            .Select(p => (p.Name!, p.Property))
            .OrderBy(p => p.Item1, StringComparer.Ordinal);

    /// <summary>The element type of a list (<c>IList&lt;T&gt;</c>), or null.</summary>
    public static Type? ListElement(Type type)
    {
        if (type == typeof(string) || type == typeof(byte[]))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable is not null && MapValue(type) is null ? enumerable.GetGenericArguments()[0] : null;
    }

    /// <summary>The value type of a string-keyed map (<c>IDictionary&lt;string, T&gt;</c>), or null.</summary>
    public static Type? MapValue(Type type)
    {
        var dictionary = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IDictionary<,>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        return dictionary?.GetGenericArguments()[1];
    }

    /// <summary>The model classes a type's schema refers to, directly or through lists and maps.</summary>
    public static IEnumerable<Type> Referenced(Type type)
    {
        foreach (var (_, property) in JsonProperties(type))
        {
            var target = Unwrap(property.PropertyType);
            if (IsObjectModel(target))
            {
                yield return target;
            }
        }
    }

    /// <summary>Strips nullability, lists and maps down to the type that is described.</summary>
    public static Type Unwrap(Type type)
    {
        while (true)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            var inner = ListElement(type) ?? MapValue(type);
            if (inner is null)
            {
                return type;
            }

            type = inner;
        }
    }
}
