namespace QwenHelp.Web.Security;

/// <summary>
/// Whether a return address from the query string may be redirected to: a path on this site, in the
/// plain printable ASCII a Location header can carry. A tab or an ideographic space (<c>/%09/x</c>,
/// <c>/%E3%80%80/x</c>) used to pass the old check and make the redirect itself throw (a 500).
/// </summary>
public static class LocalUrl
{
    public static bool IsSafe(string? url)
    {
        if (string.IsNullOrEmpty(url) || url[0] != '/' || (url.Length > 1 && url[1] is '/' or '\\'))
        {
            return false;
        }

        foreach (var c in url)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}
