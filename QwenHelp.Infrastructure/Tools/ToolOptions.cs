using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace QwenHelp.Infrastructure.Tools;

/// <summary>The assistant's tools and the order-system connector. Bound from <c>QwenHelp:Tools</c>.</summary>
public sealed class ToolOptions : IValidatableObject
{
    public const string Section = "QwenHelp:Tools";

    /// <summary>What an order number looks like (the demo shop's: LM and 11 digits; not \b, which does not separate 订单 from LM).</summary>
    [Required]
    public string OrderIdPattern { get; set; } = @"(?<![A-Za-z0-9])LM\d{11}(?![0-9])";

    /// <summary>One tool call may take this long before it counts as failed.</summary>
    [Range(0.05, 120)]
    public double CallTimeoutSeconds { get; set; } = 5;

    public OrderSystemOptions OrderSystem { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        Regex? regex = null;
        string? patternError = null;
        try
        {
            regex = new Regex(OrderIdPattern, RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            patternError = ex.Message;
        }

        if (patternError is not null)
        {
            yield return new ValidationResult($"{Section}:OrderIdPattern is not a valid regular expression: {patternError}", [nameof(OrderIdPattern)]);
        }

        if (regex is not null && regex.IsMatch(""))
        {
            yield return new ValidationResult($"{Section}:OrderIdPattern matches empty text.", [nameof(OrderIdPattern)]);
        }

        var endpoint = OrderSystem.Endpoint;
        if (!string.IsNullOrWhiteSpace(endpoint)
            && (!endpoint.Contains("{orderId}", StringComparison.Ordinal)
                || !Uri.TryCreate(endpoint.Replace("{orderId}", "x", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                || uri.Scheme is not ("http" or "https")))
        {
            yield return new ValidationResult(
                $"{Section}:OrderSystem:Endpoint must be an absolute http(s) URL containing {{orderId}}, e.g. https://erp.example.com/api/orders/{{orderId}}.",
                [nameof(OrderSystem)]);
        }
    }

    public Regex CreateOrderIdRegex() => new(OrderIdPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}

/// <summary>Where order status comes from: an HTTP JSON endpoint, or (empty) the built-in demo order store.</summary>
public sealed class OrderSystemOptions
{
    /// <summary>E.g. <c>https://erp.example.com/api/orders/{orderId}</c>; empty uses the demo orders.</summary>
    public string? Endpoint { get; set; }

    /// <summary>A header sent with each request, e.g. <c>Authorization</c> or <c>X-Api-Key</c>.</summary>
    public string? ApiKeyHeader { get; set; }

    /// <summary>Its value; give it by environment variable, never in appsettings.json.</summary>
    public string? ApiKey { get; set; }
}
