using QwenHelp.Domain.Knowledge;

namespace QwenHelp.Web.Localization;

/// <summary>
/// The language of the staff and widget UI for one browser: the <c>qh-lang</c> cookie when the
/// person chose one, otherwise their browser's Accept-Language. Read once per circuit or request.
/// </summary>
public sealed class UiLanguage(IHttpContextAccessor accessor)
{
    public const string CookieName = "qh-lang";

    private string? _current;

    public string Current => _current ??= FromRequest(accessor.HttpContext);

    public UiText Text => UiText.For(Current);

    public static void Remember(HttpContext context, string? language)
    {
        if (Languages.IsSupported(language))
        {
            context.Response.Cookies.Append(CookieName, language!, new CookieOptions
            {
                HttpOnly = false,
                SameSite = SameSiteMode.Lax,
                MaxAge = TimeSpan.FromDays(365),
                IsEssential = true,
            });
        }
    }

    public static string FromRequest(HttpContext? context)
    {
        if (context is null)
        {
            return Languages.English;
        }

        if (context.Request.Cookies.TryGetValue(CookieName, out var chosen) && Languages.IsSupported(chosen))
        {
            return chosen!;
        }

        var accept = context.Request.Headers.AcceptLanguage.ToString();
        return accept.TrimStart().StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Languages.Chinese : Languages.English;
    }
}
