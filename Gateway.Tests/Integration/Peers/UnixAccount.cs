namespace Gateway.Tests.Integration.Peers;

/// <summary>The system account peers drop privileges to (postfix), for ownership of their directories.</summary>
internal sealed record UnixAccount(string Name, int Uid, int Gid)
{
    public static UnixAccount Lookup(string name)
    {
        foreach (var line in File.ReadLines("/etc/passwd"))
        {
            var fields = line.Split(':');
            if (fields.Length >= 4 && fields[0] == name)
            {
                return new UnixAccount(name, int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        throw new InvalidOperationException($"No user '{name}' in /etc/passwd; is the postfix package installed?");
    }

    public Task GiveAsync(string path, CancellationToken cancellationToken) =>
        ProcessRunner.RunCheckedAsync("chown", [$"{Uid}:{Gid}", path], cancellationToken: cancellationToken);
}
