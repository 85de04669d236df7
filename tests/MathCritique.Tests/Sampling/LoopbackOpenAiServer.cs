using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace MathCritique.Tests.Sampling;

/// <summary>
/// A real HTTP server on 127.0.0.1 that answers like an OpenAI-compatible endpoint, scripted per call so
/// tests can inject faults (errors, stalls) that a real inference server cannot be made to produce on demand.
/// </summary>
internal sealed class LoopbackOpenAiServer : IDisposable
{
    /// <summary>A scripted answer: status and body; a null body with status 0 means stall until the server stops.</summary>
    public sealed record Reply(int Status, string Body)
    {
        /// <summary>How long to wait before answering (asynchronously, so slow replies overlap).</summary>
        public TimeSpan Delay { get; init; }
    }

    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<int, JsonObject, Reply> _script;
    private readonly Task _loop;
    private int _calls;
    private int _inFlight;
    private int _mostInFlight;

    public LoopbackOpenAiServer(Func<int, JsonObject, Reply> script)
    {
        _script = script;
        int port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}/v1";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public string BaseUrl { get; }
    public ConcurrentQueue<(string Path, string? Authorization, JsonObject Body)> Received { get; } = new();
    public int Calls => Volatile.Read(ref _calls);
    /// <summary>The most requests the server was handling at once.</summary>
    public int MostInFlight => Volatile.Read(ref _mostInFlight);

    public static Reply Stall { get; } = new(0, "");

    /// <summary>A chat completion answering "seed=&lt;seed&gt;" so tests can tell the samples apart.</summary>
    public static Reply Chat(JsonObject body, string finishReason = "stop", string? stopReason = null)
    {
        var choice = new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = $"seed={body["seed"]}" },
            ["finish_reason"] = finishReason,
        };
        if (stopReason is not null)
            choice["stop_reason"] = stopReason;
        var response = new JsonObject
        {
            ["id"] = "cmpl-test",
            ["object"] = "chat.completion",
            ["choices"] = new JsonArray(choice),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 11, ["completion_tokens"] = 5, ["total_tokens"] = 16 },
        };
        return new Reply(200, response.ToJsonString());
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = (JsonObject)JsonNode.Parse(await reader.ReadToEndAsync())!;
            Received.Enqueue((context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], body));
            int call = Interlocked.Increment(ref _calls) - 1;
            int now = Interlocked.Increment(ref _inFlight);
            int seen;
            while ((seen = Volatile.Read(ref _mostInFlight)) < now && Interlocked.CompareExchange(ref _mostInFlight, now, seen) != seen)
            {
            }
            Reply reply;
            try
            {
                reply = _script(call, body);
                if (reply.Status == 0)
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                if (reply.Delay > TimeSpan.Zero)
                    await Task.Delay(reply.Delay, _stop.Token);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
            var bytes = Encoding.UTF8.GetBytes(reply.Body);
            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception)
        {
            // The client went away (timeout, cancellation) or the server is stopping.
            try { context.Response.Abort(); } catch (ObjectDisposedException) { }
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        _stop.Dispose();
    }
}
