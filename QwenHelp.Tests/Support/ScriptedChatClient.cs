using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace QwenHelp.Tests.Support;

/// <summary>
/// A stand-in language model for tests where the model is not the point: each call runs the
/// current script (a function of the prompt), and every prompt it was sent is recorded.
/// </summary>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly List<ModelCall> _calls = [];

    /// <summary>What the "model" does with a prompt: the updates it streams.</summary>
    public Func<ModelCall, IAsyncEnumerable<ChatResponseUpdate>> Script { get; set; } = call => Say("I don't know.");

    public IReadOnlyList<ModelCall> Calls
    {
        get
        {
            lock (_calls)
            {
                return _calls.ToList();
            }
        }
    }

    public void Reset(Func<ModelCall, IAsyncEnumerable<ChatResponseUpdate>> script)
    {
        lock (_calls)
        {
            _calls.Clear();
        }

        Script = script;
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var call = new ModelCall([.. messages.Select(m => m.Clone())], options, cancellationToken);
        lock (_calls)
        {
            _calls.Add(call);
        }

        return Script(call);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    /// <summary>Streams <paramref name="text"/> a few characters at a time, as a model would.</summary>
    public static async IAsyncEnumerable<ChatResponseUpdate> Say(string text, int chunk = 3, TimeSpan? firstTokenDelay = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (firstTokenDelay is { } delay)
        {
            await Task.Delay(delay, cancellationToken);
        }

        for (var i = 0; i < text.Length; i += chunk)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, text.Substring(i, Math.Min(chunk, text.Length - i)));
        }
    }

    /// <summary>Asks for one tool call.</summary>
    public static async IAsyncEnumerable<ChatResponseUpdate> CallTool(string name, IDictionary<string, object?> arguments)
    {
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, [new FunctionCallContent("call-" + name, name, arguments)]);
    }

    public static async IAsyncEnumerable<ChatResponseUpdate> Fail(Exception exception)
    {
        await Task.Yield();
        throw exception;
#pragma warning disable CS0162 // An iterator needs a yield to be one.
        yield break;
#pragma warning restore CS0162
    }
}

/// <summary>One prompt sent to the scripted model.</summary>
public sealed record ModelCall(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options, CancellationToken CancellationToken)
{
    public string System => Messages[0].Text;

    public string LastUser => Messages.Last(m => m.Role == ChatRole.User).Text;

    /// <summary>The tool results fed back in this prompt.</summary>
    public IReadOnlyList<FunctionResultContent> ToolResults => Messages.Where(m => m.Role == ChatRole.Tool).SelectMany(m => m.Contents.OfType<FunctionResultContent>()).ToList();
}
