/// The StarRocks server the integration tests run against: STARROCKS_TEST_URL when set, else a pinned all-in-one
/// image started by Testcontainers when a Docker engine answers, else none (the suite says why and skips).
module StarRocks.Schema.IntegrationTests.Server

open System
open System.IO
open System.Net.Sockets
open System.Text
open System.Threading
open System.Threading.Tasks
open DotNet.Testcontainers.Builders
open DotNet.Testcontainers.Containers
open StarRocks.Schema.Database

/// The pinned StarRocks all-in-one image.
[<Literal>]
let Image = "starrocks/allin1-ubuntu:3.3.5"

/// Asks the Docker engine itself (GET /_ping), not the docker CLI: here `docker --version` answers while no engine
/// runs. Returns where it answered, or why not.
let probeDocker () : Result<string, string> =
    let ping (stream: Stream) =
        let request = Encoding.ASCII.GetBytes "GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"
        stream.Write(request, 0, request.Length)
        let buffer = Array.zeroCreate<byte> 512
        let read = stream.Read(buffer, 0, buffer.Length)
        let answer = Encoding.ASCII.GetString(buffer, 0, read)
        answer.Contains " 200 " || answer.EndsWith "OK"

    let host =
        match Environment.GetEnvironmentVariable "DOCKER_HOST" with
        | null
        | "" -> "unix:///var/run/docker.sock"
        | h -> h

    try
        if host.StartsWith "unix://" then
            let path = host.Substring "unix://".Length

            if not (File.Exists path) then
                Error $"no Docker engine: %s{path} does not exist"
            else
                use socket =
                    new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)

                socket.ReceiveTimeout <- 2000
                socket.Connect(UnixDomainSocketEndPoint path)
                use stream = new NetworkStream(socket)

                if ping stream then
                    Ok host
                else
                    Error $"the Docker engine at %s{host} did not answer /_ping"
        elif host.StartsWith "tcp://" then
            let uri = Uri(host.Replace("tcp://", "http://"))
            use client = new TcpClient()

            if client.ConnectAsync(uri.Host, uri.Port).Wait(2000) then
                client.ReceiveTimeout <- 2000

                if ping (client.GetStream()) then
                    Ok host
                else
                    Error $"the Docker engine at %s{host} did not answer /_ping"
            else
                Error $"no Docker engine answered at %s{host}"
        else
            Error $"DOCKER_HOST=%s{host} is neither unix:// nor tcp://"
    with ex ->
        Error $"no Docker engine answered at %s{host}: %s{ex.Message}"

/// A server to test against, and how to stop it.
type Target = {
    Settings: ConnectionSettings
    Stop: unit -> Task
    Description: string
}

let private waitUntilReady (settings: ConnectionSettings) (timeout: TimeSpan) =
    task {
        let deadline = DateTimeOffset.UtcNow + timeout
        let mutable ready = false
        let mutable last = ""

        while not ready && DateTimeOffset.UtcNow < deadline do
            let session =
                new MySqlSession(
                    {
                        settings with
                            Database = "information_schema"
                    }
                )
                :> ISession

            match! session.Query("SHOW BACKENDS", CancellationToken.None) with
            | Ok r ->
                ready <- ResultSet.records r |> List.exists (fun row -> row "Alive" = Some "true")
                last <- "no backend is alive yet"
            | Error e -> last <- SessionError.describe e

            do! session.DisposeAsync()

            if not ready then
                do! Task.Delay 3000

        return
            if ready then
                Ok()
            else
                Error $"StarRocks did not become ready: %s{last}"
    }

/// Finds or starts a server; Error says why the suite is skipped.
let start () : Task<Result<Target, string>> =
    task {
        match Environment.GetEnvironmentVariable "STARROCKS_TEST_URL" with
        | null
        | "" ->
            match probeDocker () with
            | Error why -> return Error $"%s{why}, and STARROCKS_TEST_URL is not set"
            | Ok engine ->
                let container =
                    ContainerBuilder(Image)
                        .WithPortBinding(9030, true)
                        .WithWaitStrategy(Wait.ForUnixContainer().UntilInternalTcpPortIsAvailable(9030))
                        .Build()

                do! container.StartAsync()

                let settings = {
                    (Connection.parseUrl "starrocks://root@localhost/srschema_it"
                     |> Result.defaultWith failwith) with
                        Host = container.Hostname
                        Port = int (container.GetMappedPublicPort 9030)
                        Ssl = MySqlConnector.MySqlSslMode.None
                        ConnectTimeoutSeconds = 10
                }

                match! waitUntilReady settings (TimeSpan.FromMinutes 5.0) with
                | Error e ->
                    do! container.DisposeAsync()
                    return Error e
                | Ok() ->
                    return
                        Ok {
                            Settings = settings
                            Stop = fun () -> container.DisposeAsync().AsTask()
                            Description = $"%s{Image} in Docker (%s{engine})"
                        }
        | url ->
            match Connection.parseUrl url with
            | Error e -> return Error $"STARROCKS_TEST_URL: %s{e}"
            | Ok settings ->
                return
                    Ok {
                        Settings = settings
                        Stop = fun () -> Task.CompletedTask
                        Description = $"STARROCKS_TEST_URL (%s{Connection.display settings})"
                    }
    }
