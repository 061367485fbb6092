namespace Gateway.X400.Transport;

/// <summary>Telling a full disk from other I/O failures: the SMTP answer differs (452 4.3.1 "mail system full" against 451 4.3.0).</summary>
public static class StorageErrors
{
    // .NET carries the errno (Unix) or the Win32 error in HResult's low word.
    private const int Enospc = 28;
    private const int Edquot = 122;
    private const int ErrorDiskFull = 112;
    private const int ErrorHandleDiskFull = 39;

    public static bool IsDiskFull(Exception exception) =>
        exception is IOException { HResult: var code } && (code & 0xFFFF) is Enospc or Edquot or ErrorDiskFull or ErrorHandleDiskFull;
}
