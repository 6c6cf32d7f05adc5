using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bosun.Streaming.RemoteCommand;

/// <summary>
/// The metav1.Status a v4/v5 error stream carries when a command ends: Success, or Failure with reason
/// NonZeroExitCode and a cause ExitCode whose message is the code (kubectl exits with it), or another failure.
/// </summary>
public static class ExecStatus
{
    /// <summary>The reason of a command that exited non-zero.</summary>
    public const string NonZeroExitCodeReason = "NonZeroExitCode";

    /// <summary>The cause type carrying the exit code.</summary>
    public const string ExitCodeCause = "ExitCode";

    /// <summary>The Status JSON for exit code <paramref name="exitCode"/> (Success for 0).</summary>
    public static byte[] ForExitCode(int exitCode)
    {
        if (exitCode == 0)
        {
            return Serialize(new JsonObject { ["metadata"] = new JsonObject(), ["status"] = "Success" });
        }

        return Serialize(new JsonObject
        {
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = $"command terminated with non-zero exit code: error executing command, exit status {exitCode}",
            ["reason"] = NonZeroExitCodeReason,
            ["details"] = new JsonObject
            {
                ["causes"] = new JsonArray(new JsonObject
                {
                    ["reason"] = ExitCodeCause,
                    ["message"] = exitCode.ToString(CultureInfo.InvariantCulture),
                }),
            },
        });
    }

    /// <summary>A Failure Status with <paramref name="message"/> (reason InternalError), e.g. the command could not start.</summary>
    public static byte[] ForError(string message) => Serialize(new JsonObject
    {
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = "InternalError",
        ["code"] = 500,
    });

    /// <summary>
    /// The exit code a v4 error-stream payload reports: 0 for an empty payload or Success, the ExitCode cause for
    /// NonZeroExitCode, null for another failure or text that is not a Status.
    /// </summary>
    public static int? ExitCodeOf(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return 0;
        }

        try
        {
            var status = JsonNode.Parse(payload) as JsonObject;
            if (status?["status"]?.GetValue<string>() == "Success")
            {
                return 0;
            }

            if (status?["reason"]?.GetValue<string>() != NonZeroExitCodeReason)
            {
                return null;
            }

            foreach (var cause in status["details"]?["causes"] as JsonArray ?? [])
            {
                if (cause?["reason"]?.GetValue<string>() == ExitCodeCause
                    && int.TryParse(cause["message"]?.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
                {
                    return code;
                }
            }
        }
        catch (JsonException)
        {
            // Not a Status: a v1/v2 text error.
        }

        return null;
    }

    private static byte[] Serialize(JsonObject status) => JsonSerializer.SerializeToUtf8Bytes(status);
}
