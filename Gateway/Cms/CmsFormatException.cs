namespace Gateway.Cms;

/// <summary>
/// How the inspector's readers give up. It never leaves <see cref="CmsInspector.Inspect"/>: the inspector turns it
/// into an invalid <see cref="CmsInspection"/>.
/// </summary>
internal sealed class CmsFormatException(CmsErrorKind kind, string message) : Exception(message)
{
    public CmsErrorKind Kind { get; } = kind;

    /// <summary>
    /// A resource limit, not a format problem: it holds even while the inspector is only trying whether id-data
    /// content is CMS, because "could not finish looking" must not be taken for "is not CMS".
    /// </summary>
    public bool IsLimit => Kind is CmsErrorKind.TooManyLayers or CmsErrorKind.TooLarge;
}
