using Gateway.Cms;

namespace Gateway.Fuzz.Targets;

/// <summary>
/// <see cref="CmsInspector.Inspect"/>, which never throws: every refusal is an invalid inspection. One whose text
/// carries <see cref="CmsInspector.UncheckedFailurePrefix"/> came from the decoder rather than from the inspector's own
/// checks, which is a check missing, so it is a finding too.
/// </summary>
public static class CmsTarget
{
    // Small limits, so that the fuzzer reaches them with small inputs.
    private static readonly CmsInspectionLimits Limits = new() { MaxNestingDepth = 4, MaxBerDepth = 16, MaxSize = 64 * 1024 };

    public static string Run(ReadOnlyMemory<byte> input) => string.Join('\n', Inspect(input, CmsInspectionLimits.Default), Inspect(input, Limits));

    private static string Inspect(ReadOnlyMemory<byte> input, CmsInspectionLimits limits)
    {
        var inspection = CmsInspector.Inspect(input, limits);
        var layers = string.Join('/', inspection.Layers);
        if (inspection.IsValid) return $"valid: {layers} -> {inspection.InnerContentType}";
        if (inspection.Error!.StartsWith(CmsInspector.UncheckedFailurePrefix, StringComparison.Ordinal))
        {
            throw new InvariantViolationException($"a decoder exception, not the inspector's own check: {inspection.Error}");
        }
        return $"refused ({inspection.ErrorKind}) after [{layers}]: {inspection.Error}";
    }
}
