using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace QwenHelp.Tools;

/// <summary>
/// <c>bench chat [--concurrency 50,200] [--seconds 30] [--warmup 20] [--url URL]</c>: a load generator
/// against <c>POST /api/chat</c> with FAQ questions (direct and cached answers). Without <c>--url</c> it
/// starts the app (QwenHelp.Web, built beside this tool) as a separate process on a free port and a fresh data folder (demo data, rate limits
/// off) and also reports that server's memory and CPU. Before measuring it runs the load for the warm-up
/// seconds (not counted), so the figures are of a running server, not of the JIT compiling it. Prints
/// requests/s, P50/P99 latency, errors and CPU milliseconds per request (server and this load generator,
/// which share the machine) per level, as text and as one JSON line.
/// </summary>
public sealed class BenchChatCommand : ICliCommand
{
    private static readonly string[] Questions =
    [
        "How do I reset my password?", "如何重置密码?", "How much is shipping?", "运费怎么算?",
        "How do I cancel my order?", "怎么申请退货?", "When will I get my refund?", "退款多久到账?",
        "Which payment methods do you accept?", "支持哪些支付方式?", "How do I get an electronic invoice (fapiao)?", "怎么开发票?",
    ];

    /// <summary>The request bodies, serialized once: the load generator shares the CPU with the server, so it should spend little.</summary>
    private static readonly byte[][] Bodies = [.. Questions.Select(q => JsonSerializer.SerializeToUtf8Bytes(new { message = q }))];

    public string Verb => "bench chat";

    public string Summary => "Load-test POST /api/chat (requests/s, P50/P99, errors per concurrency level)";

    public async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, CancellationToken cancellationToken)
    {
        var parsed = CliArguments.Parse(args, new HashSet<string> { "concurrency", "seconds", "warmup", "url" }, new HashSet<string>(), out var problem);
        var levels = (parsed.Get("concurrency") ?? "50,200").Split(',').Select(c => int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).ToList();
        if (problem is not null || levels.Any(l => l is <= 0 or > 5000)
            || !int.TryParse(parsed.Get("seconds") ?? "30", NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds is <= 0 or > 3600
            || !int.TryParse(parsed.Get("warmup") ?? "20", NumberStyles.None, CultureInfo.InvariantCulture, out var warmup) || warmup > 3600)
        {
            await errors.WriteLineAsync(problem ?? "Usage: bench chat [--concurrency 50,200] [--seconds 30] [--warmup 20] [--url http://host:port]");
            return 2;
        }

        using var server = parsed.Get("url") is { } url ? null : await BenchServer.StartAsync(output, cancellationToken);
        var baseAddress = new Uri(parsed.Get("url") ?? server!.BaseAddress);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = levels.Max(), PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

        // Every question once (this fills the answer cache); the figures are meant for direct and cached answers, so say which were not.
        var otherModes = new List<string>();
        foreach (var question in Questions)
        {
            using var warm = await http.PostAsJsonAsync("/api/chat", new { message = question }, cancellationToken);
            if (!warm.IsSuccessStatusCode)
            {
                await errors.WriteLineAsync($"The server answered {(int)warm.StatusCode} to the warm-up; is it running with rate limits off?");
                return 1;
            }

            var mode = (await warm.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("mode").GetString();
            if (mode is not ("direct" or "cache"))
            {
                otherModes.Add($"\"{question}\" ({mode})");
            }
        }

        await output.WriteLineAsync(otherModes.Count == 0
            ? $"all {Questions.Length} questions are answered directly from the FAQ (then from the answer cache)"
            : $"not a direct or cached answer: {string.Join(", ", otherModes)}");

        if (warmup > 0)
        {
            await output.WriteLineAsync($"warming up: {warmup}s at {levels[0]} concurrent (not counted)");
            await LoadAsync(http, levels[0], TimeSpan.FromSeconds(warmup), cancellationToken);
        }

        var results = new List<object>();
        await output.WriteLineAsync($"bench chat: POST {baseAddress}api/chat, {seconds}s per level, FAQ questions (direct and cached answers)");
        await output.WriteLineAsync($"{"concurrency",11} {"requests",9} {"req/s",8} {"p50 ms",8} {"p99 ms",8} {"errors",7} {"server cpu ms/req",18} {"client cpu ms/req",18}");
        using var self = Process.GetCurrentProcess();
        foreach (var level in levels)
        {
            var serverCpuBefore = server?.CpuTime();
            self.Refresh();
            var clientCpuBefore = self.TotalProcessorTime;
            var (count, failed, latencies, elapsed) = await LoadAsync(http, level, TimeSpan.FromSeconds(seconds), cancellationToken);
            self.Refresh();
            var clientCpu = (self.TotalProcessorTime - clientCpuBefore).TotalMilliseconds / Math.Max(1, count);
            double? serverCpu = server?.CpuTime() is { } after && serverCpuBefore is { } before ? (after - before).TotalMilliseconds / Math.Max(1, count) : null;
            latencies.Sort();
            var rps = count / elapsed.TotalSeconds;
            var p50 = Percentile(latencies, 0.50);
            var p99 = Percentile(latencies, 0.99);
            var serverCpuText = serverCpu is { } cpu ? cpu.ToString("F2", CultureInfo.InvariantCulture) : "-";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{level,11} {count,9} {rps,8:F0} {p50,8:F1} {p99,8:F1} {failed,7} {serverCpuText,18} {clientCpu,18:F2}"));
            results.Add(new
            {
                concurrency = level, requests = count, requestsPerSecond = Math.Round(rps, 1), p50Ms = Math.Round(p50, 2), p99Ms = Math.Round(p99, 2), errors = failed,
                serverCpuMsPerRequest = serverCpu is { } c ? Math.Round(c, 3) : (double?)null, clientCpuMsPerRequest = Math.Round(clientCpu, 3),
            });
        }

        var memory = server?.ResidentMegabytes();
        if (memory is not null)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"server resident memory after the run: {memory:F0} MB"));
        }

        await output.WriteLineAsync(JsonSerializer.Serialize(new { bench = "chat", seconds, warmup, levels = results, serverResidentMb = memory }));
        return 0;
    }

    private static async Task<(int Count, int Failed, List<double> Latencies, TimeSpan Elapsed)> LoadAsync(HttpClient http, int concurrency, TimeSpan duration, CancellationToken cancellationToken)
    {
        var stop = Stopwatch.StartNew();
        var latencies = new List<double>[concurrency];
        var failures = new int[concurrency];
        var workers = Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var mine = latencies[worker] = [];
            var i = worker;
            while (stop.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var content = new ByteArrayContent(Bodies[i++ % Bodies.Length]);
                    content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                    using var response = await http.PostAsync("/api/chat", content, cancellationToken);
                    await response.Content.LoadIntoBufferAsync(cancellationToken);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failures[worker]++;
                    }
                }
                catch (HttpRequestException)
                {
                    failures[worker]++;
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    failures[worker]++;
                }

                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }).ToList();
        await Task.WhenAll(workers);
        var all = latencies.SelectMany(l => l).ToList();
        return (all.Count, failures.Sum(), all, stop.Elapsed);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>This app, started as its own process for the benchmark, stopped (and its data folder removed) afterwards.</summary>
    private sealed class BenchServer : IDisposable
    {
        private readonly Process _process;
        private readonly string _dataFolder;

        private BenchServer(Process process, string dataFolder, string baseAddress)
        {
            _process = process;
            _dataFolder = dataFolder;
            BaseAddress = baseAddress;
        }

        public string BaseAddress { get; }

        public static async Task<BenchServer> StartAsync(TextWriter output, CancellationToken cancellationToken)
        {
            var port = FreePort();
            var dataFolder = Path.Combine(Path.GetTempPath(), "qwenhelp-bench-" + Guid.NewGuid().ToString("N"));
            var start = new ProcessStartInfo(ServerExecutable())
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[] { "--urls", $"http://127.0.0.1:{port}" })
            {
                start.ArgumentList.Add(argument);
            }

            // A build (not a publish) serves its static web assets only in Development.
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            start.Environment["QwenHelp__Storage__DataFolder"] = dataFolder;
            start.Environment["QwenHelp__RateLimits__ChatPerMinutePerClient"] = "0";
            start.Environment["QwenHelp__Admin__Password"] = "Bench-Admin-Pass1";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server process.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new BenchServer(process, dataFolder, $"http://127.0.0.1:{port}/");
            await output.WriteLineAsync($"started the server (pid {process.Id}) on {server.BaseAddress} with data in {dataFolder}");

            using var probe = new HttpClient();
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (DateTime.UtcNow < deadline)
            {
                try
                {
                    if ((await probe.GetAsync(server.BaseAddress + "health/ready", cancellationToken)).IsSuccessStatusCode)
                    {
                        return server;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                if (process.HasExited)
                {
                    break;
                }

                await Task.Delay(250, cancellationToken);
            }

            server.Dispose();
            throw new InvalidOperationException("The server did not become ready within 2 minutes.");
        }

        /// <summary>The server's CPU time so far (user and system), from /proc; null where there is no /proc.</summary>
        public TimeSpan? CpuTime()
        {
            var stat = $"/proc/{_process.Id}/stat";
            if (!File.Exists(stat))
            {
                return null;
            }

            // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime is the 14th field, stime the 15th.
            var text = File.ReadAllText(stat);
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
        }

        public double? ResidentMegabytes()
        {
            var status = $"/proc/{_process.Id}/status";
            var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) : null;
            return line is null ? null : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }

            _process.Dispose();
            try
            {
                Directory.Delete(_dataFolder, recursive: true);
            }
            catch (IOException)
            {
                // Left behind in the temp folder; harmless.
            }
        }

        /// <summary>
        /// The app itself, QwenHelp.Web: its build sits beside this tool's (a project reference copies it), so the
        /// server measured is the code of this checkout.
        /// </summary>
        private static string ServerExecutable()
        {
            var path = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "QwenHelp.Web.exe" : "QwenHelp.Web");
            return File.Exists(path) ? path : throw new InvalidOperationException($"The app's executable is not at {path}; build QwenHelp.Tools (it builds QwenHelp.Web beside it).");
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
