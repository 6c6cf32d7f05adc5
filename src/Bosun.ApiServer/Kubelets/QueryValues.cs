using System.Globalization;
using Bosun.Api.Errors;
using Microsoft.AspNetCore.Http;

namespace Bosun.ApiServer.Kubelets;

/// <summary>Query parameters read the way Go's query-to-options conversion reads them (strconv booleans).</summary>
internal static class QueryValues
{
    public static bool Bool(IQueryCollection query, string name)
    {
        var text = query[name].ToString();
        return text switch
        {
            "" => false,
            "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
            "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
            _ => throw ApiException.BadRequest($"{name}: invalid value \"{text}\": must be a boolean"),
        };
    }

    public static long? Long(IQueryCollection query, string name)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiException.BadRequest($"{name}: invalid value \"{text}\": must be an integer");
    }
}
