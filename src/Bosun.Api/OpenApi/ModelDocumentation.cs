using System.Reflection;
using System.Text;
using System.Xml;
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
    public static ModelDocumentation Read(Stream stream)
    {
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { IgnoreComments = true, IgnoreProcessingInstructions = true, DtdProcessing = DtdProcessing.Prohibit });
        while (reader.ReadToFollowing("member"))
        {
            var name = reader.GetAttribute("name");
            if (name is null
                || !(name.StartsWith(TypePrefix, StringComparison.Ordinal) || name.StartsWith(PropertyPrefix, StringComparison.Ordinal)))
            {
                continue;
            }

            using var member = reader.ReadSubtree();
            if (member.ReadToDescendant("summary"))
            {
                var text = Normalize(member.ReadInnerXml());
                if (text.Length > 0)
                {
                    summaries[name] = text;
                }
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
