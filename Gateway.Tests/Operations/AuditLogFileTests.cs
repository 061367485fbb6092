using System.Runtime.Versioning;
using Gateway.Operations;

namespace Gateway.Tests.Operations;

[UnsupportedOSPlatform("windows")]
public sealed class AuditLogFileTests
{
    [Fact]
    public async Task The_audit_log_is_created_for_its_owner_and_group_only_whatever_the_umask()
    {
        var directory = Directory.CreateTempSubdirectory("audit-mode-").FullName;
        try
        {
            var path = Path.Combine(directory, "audit.jsonl");
            await using (new AuditLog(path))
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
