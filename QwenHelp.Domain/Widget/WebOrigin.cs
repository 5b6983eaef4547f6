namespace QwenHelp.Domain.Widget;

/// <summary>Web origins (scheme, host, port) as browsers send them in the Origin header.</summary>
public static class WebOrigin
{
    /// <summary>
    /// Returns <c>scheme://host[:port]</c> in lower case without a default port or trailing slash,
    /// or null when <paramref name="text"/> is not an http(s) origin (a path, query or wildcard is refused).
    /// </summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri))
        {
            return null;
        }

        if (uri.Scheme is not ("http" or "https") || uri.AbsolutePath is not ("/" or "") || uri.Query.Length > 0 || uri.Fragment.Length > 0
            || !string.IsNullOrEmpty(uri.UserInfo) || text.Contains('*', StringComparison.Ordinal))
        {
            return null;
        }

        return uri.IsDefaultPort ? $"{uri.Scheme}://{uri.IdnHost}" : $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}";
    }
}
