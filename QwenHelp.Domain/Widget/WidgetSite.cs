using QwenHelp.Domain.Common;

namespace QwenHelp.Domain.Widget;

/// <summary>
/// A website the chat widget may be embedded on: its public key (the <c>data-site</c> of the
/// script tag), the origins allowed to frame the widget and call the API, and its look.
/// </summary>
public sealed class WidgetSite : IAuditable
{
    public int Id { get; set; }

    /// <summary>The public site key; letters, digits, '-' and '_'.</summary>
    public required string Key { get; set; }

    public required string Name { get; set; }

    /// <summary>Normalized origins (<c>https://shop.example.com</c>). The app's own origin is always allowed.</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>The HMAC key the host site signs a logged-in visitor's id with; never sent to browsers.</summary>
    public required string IdentitySecret { get; set; }

    public string Color { get; set; } = "#1f6feb";

    /// <summary><c>right</c> or <c>left</c>.</summary>
    public string Position { get; set; } = "right";

    /// <summary>Open the chat with a greeting after <see cref="GreetingDelaySeconds"/> on pages matching <see cref="GreetingPages"/>.</summary>
    public bool GreetingEnabled { get; set; }

    public int GreetingDelaySeconds { get; set; } = 15;

    /// <summary>Path prefixes (<c>/checkout</c>) of the host pages that show the greeting; empty: every page.</summary>
    public List<string> GreetingPages { get; set; } = [];

    public bool Enabled { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
