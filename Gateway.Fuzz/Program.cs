using SharpFuzz;

namespace Gateway.Fuzz;

/// <summary>
/// <c>Gateway.Fuzz TARGET</c> runs one target under afl-fuzz (SharpFuzz's out-of-process runner, so that a stack
/// overflow is a crash afl-fuzz sees rather than the end of the fuzzer); <c>Gateway.Fuzz TARGET FILE...</c> replays
/// saved inputs in-process and prints what each gave, or the exception it crashed with.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || !FuzzTargets.Names.Contains(args[0]))
        {
            Console.Error.WriteLine($"usage: Gateway.Fuzz {{{string.Join('|', FuzzTargets.Names)}}} [FILE...]");
            return 2;
        }
        var target = args[0];
        if (args.Length == 1)
        {
            Fuzzer.OutOfProcess.Run(stream =>
            {
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                FuzzTargets.Run(target, copy.ToArray());
            });
            return 0;
        }
        var status = 0;
        foreach (var file in args.Skip(1))
        {
            try
            {
                Console.WriteLine($"{file}: {FuzzTargets.Run(target, File.ReadAllBytes(file))}");
            }
            catch (Exception e)
            {
                Console.WriteLine($"{file}: CRASH {e}");
                status = 1;
            }
        }
        return status;
    }
}
