using System.Text;
using System.Text.Json;

namespace Bosun.Api.Printing;

/// <summary>The CONTAINERS and IMAGES cells of a pod spec (layoutContainerCells): names and images joined by commas.</summary>
public static class ContainerCells
{
    /// <summary>(names, images) of <paramref name="podSpec"/>'s containers.</summary>
    public static (string Names, string Images) Of(JsonElement podSpec)
    {
        var names = new StringBuilder();
        var images = new StringBuilder();
        foreach (var container in podSpec.Items("containers"))
        {
            if (names.Length > 0 || images.Length > 0)
            {
                names.Append(',');
                images.Append(',');
            }

            names.Append(container.Str("name"));
            images.Append(container.Str("image"));
        }

        return (names.ToString(), images.ToString());
    }
}
