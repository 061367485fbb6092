namespace Gateway.Tests.Integration.Peers;

/// <summary>Fresh directories for peers, readable by the unprivileged users the peers drop to.</summary>
internal static class TempDirectory
{
    /// <summary>Set to keep peer directories after the run, to read their logs and queues.</summary>
    public const string KeepVariable = "GATEWAY_TESTS_KEEP_PEER_DIRS";

    public static string Create(string prefix)
    {
        var directory = Directory.CreateTempSubdirectory(prefix).FullName;

        // .NET creates temporary directories 0700; Postfix daemons and smtp-sink run as the postfix
        // user and must be able to reach their files below it.
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The real-peer harness runs on Linux only.");
        }

        File.SetUnixFileMode(
            directory,
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return directory;
    }

    public static void Delete(string directory)
    {
        if (Environment.GetEnvironmentVariable(KeepVariable) is { Length: > 0 })
        {
            return;
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A daemon may still be removing its own files; a leftover in /tmp is not worth failing a test for.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
