using Gateway.Cms;

namespace Gateway.Tests.Cms;

/// <summary>What every inspection result must satisfy, whatever the input: valid and complete, or invalid with a typed, non-empty reason.</summary>
internal static class InspectionInvariants
{
    public static bool Hold(CmsInspection inspection, CmsInspectionLimits? limits = null)
    {
        var maxLayers = (limits ?? CmsInspectionLimits.Default).MaxNestingDepth;
        var consistent = inspection.Layers.Count == inspection.LayerDetails.Count
            && inspection.Layers.SequenceEqual(inspection.LayerDetails.Select(l => l.Kind));
        return consistent && (inspection.IsValid
            ? inspection.Error is null && inspection.ErrorKind is null && inspection.Layers.Count is >= 1 && inspection.Layers.Count <= maxLayers
                && inspection.LayerDetails.All(l => l.IsComplete) && inspection.Protection is not null || inspection.Layers.Contains("compressedData")
            : !string.IsNullOrWhiteSpace(inspection.Error) && inspection.ErrorKind is not null
                && !inspection.Error.StartsWith(CmsInspector.UncheckedFailurePrefix, StringComparison.Ordinal) && inspection.Layers.Count <= maxLayers + 1
                && inspection.Protection is null && inspection.X400ContentType is null && inspection.InnerContentType is null);
    }
}
