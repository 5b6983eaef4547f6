using System.Buffers;

namespace QwenHelp.Web.Api;

/// <summary>
/// Reads a request body into memory up to a limit, whatever the framing: a chunked body has no
/// Content-Length, so checking that header alone let a 20 MB chunked body be read and parsed before
/// the 413. Reading stops at the first byte over the limit.
/// </summary>
public static class RequestBodies
{
    private const int ChunkBytes = 16 * 1024;

    /// <returns>The body, positioned at its start; null when it is larger than <paramref name="maxBytes"/>.</returns>
    public static async Task<MemoryStream?> ReadBoundedAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        var body = new MemoryStream(request.ContentLength is { } length ? (int)length : 0);
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk.AsMemory(0, ChunkBytes), cancellationToken)) > 0)
            {
                if (body.Length + read > maxBytes)
                {
                    await body.DisposeAsync();
                    return null;
                }

                body.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        body.Position = 0;
        return body;
    }
}
