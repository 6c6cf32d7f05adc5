using System.Reflection;
using System.Text;
using k8s.Models;

namespace Bosun.Api.OpenApi;

/// <summary>
/// The upstream field and kind descriptions of the KubernetesClient models, read from the XML
/// documentation file the package ships (<c>KubernetesClient.xml</c>, copied beside the assembly):
/// the <c>&lt;summary&gt;</c> of each model type and property is the description Kubernetes
/// publishes in its OpenAPI documents, which <c>kubectl explain</c> prints.
/// </summary>
internal sealed class ModelDocumentation
{
    private const string TypePrefix = "T:k8s.Models.";
    private const string PropertyPrefix = "P:k8s.Models.";

    private readonly Dictionary<string, string> _summaries;

    private ModelDocumentation(Dictionary<string, string> summaries) => _summaries = summaries;

    /// <summary>No descriptions (the XML file is missing).</summary>
    public static ModelDocumentation Empty { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>How many model types and properties have a description.</summary>
    public int Count => _summaries.Count;

    /// <summary>
    /// Reads <c>KubernetesClient.xml</c> from the folder of the KubernetesClient assembly (or of the
    /// application); <see cref="Empty"/> when it is not there.
    /// </summary>
    public static ModelDocumentation Load()
    {
        foreach (var dir in new[] { Path.GetDirectoryName(typeof(V1Pod).Assembly.Location), AppContext.BaseDirectory })
        {
            if (string.IsNullOrEmpty(dir))
            {
                continue;
            }

            var path = Path.Combine(dir, "KubernetesClient.xml");
            if (File.Exists(path))
            {
                using var stream = File.OpenRead(path);
                return Read(stream);
            }
        }

        return Empty;
    }

    /// <summary>Reads the model summaries of an XML documentation file.</summary>
    /// <remarks>
    /// A line scanner rather than <c>XmlReader</c>: the compiler writes one <c>&lt;member&gt;</c>,
    /// <c>&lt;summary&gt;</c> and <c>&lt;/summary&gt;</c> per line, and skipping System.Xml keeps
    /// about 8 MB off the server's idle working set (the file is 25 MB, read once at start).
    /// </remarks>
    public static ModelDocumentation Read(Stream stream)
    {
        const string MemberStart = "<member name=\"";
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string? member = null;
        StringBuilder? summary = null;
        while (reader.ReadLine() is { } line)
        {
            var text = line.AsSpan().Trim();
            if (text.StartsWith(MemberStart, StringComparison.Ordinal))
            {
                var name = text[MemberStart.Length..];
                var end = name.IndexOf('"');
                member = end > 0 && (name.StartsWith(TypePrefix, StringComparison.Ordinal) || name.StartsWith(PropertyPrefix, StringComparison.Ordinal))
                    ? name[..end].ToString()
                    : null;
                summary = null;
                continue;
            }

            if (member is null)
            {
                continue;
            }

            if (summary is null)
            {
                if (!text.StartsWith("<summary>", StringComparison.Ordinal))
                {
                    continue;
                }

                summary = new StringBuilder();
                text = text["<summary>".Length..];
            }

            var close = text.IndexOf("</summary>", StringComparison.Ordinal);
            summary.Append(close >= 0 ? text[..close] : text).Append('\n');
            if (close >= 0)
            {
                var description = Normalize(summary.ToString());
                if (description.Length > 0)
                {
                    summaries[member] = description;
                }

                member = null;
                summary = null;
            }
        }

        return new ModelDocumentation(summaries);
    }

    /// <summary>The description of a model type, or null.</summary>
    public string? Of(Type type) => _summaries.GetValueOrDefault(TypePrefix + type.Name) is { } text && type.Namespace == typeof(V1Pod).Namespace ? text : null;

    /// <summary>The description of a model property, or null.</summary>
    public string? Of(PropertyInfo property) =>
        property.DeclaringType is { } type && type.Namespace == typeof(V1Pod).Namespace
            ? _summaries.GetValueOrDefault(PropertyPrefix + type.Name + "." + property.Name)
            : null;

    // The generator wraps the upstream text at 80 columns and indents it; paragraphs are separated
    // by blank lines. Kubernetes' descriptions are one line per paragraph, paragraphs joined by "\n\n".
    private static string Normalize(string xml)
    {
        var text = xml.Replace("&lt;", "<", StringComparison.Ordinal)
            .Replace("&gt;", ">", StringComparison.Ordinal)
            .Replace("&quot;", "\"", StringComparison.Ordinal)
            .Replace("&apos;", "'", StringComparison.Ordinal)
            .Replace("&amp;", "&", StringComparison.Ordinal);
        var builder = new StringBuilder(text.Length);
        var pendingBreak = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                pendingBreak = builder.Length > 0;
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(pendingBreak ? "\n\n" : " ");
            }

            builder.Append(line);
            pendingBreak = false;
        }

        return builder.ToString();
    }
}
