namespace Gateway.Tests.Configuration;

/// <summary>Gateway:X400:DropDirectory: the file drop beside or away from the data directory, checked at start.</summary>
public sealed class DropDirectoryOptionsTests
{
    [Fact]
    public void By_default_the_drop_is_x400_in_the_data_directory() =>
        Assert.Equal(Path.GetFullPath("/srv/gw/var/x400"), OptionsBinding.Bind(("Gateway:DataDirectory", "/srv/gw/var")).X400DropDirectoryFullPath);

    [Fact]
    public void A_shared_drop_is_used_as_configured()
    {
        var options = OptionsBinding.Bind(("Gateway:DataDirectory", "/srv/gw-a/var"), ("Gateway:X400:DropDirectory", "/srv/x400-drop"));

        Assert.Equal("/srv/x400-drop", options.X400DropDirectoryFullPath);
        Assert.Equal("/srv/gw-a/var", options.DataDirectoryFullPath);
        Assert.Empty(OptionsBinding.Errors(("Gateway:X400:DropDirectory", "/srv/x400-drop")));
    }

    [Theory]
    [InlineData(" ", "Gateway:X400:DropDirectory: must name a directory (or be left out for <DataDirectory>/x400)")]
    [InlineData("/etc/hostname", "Gateway:X400:DropDirectory: '/etc/hostname' is a file; it must be a directory (created if missing)")]
    public void A_bad_drop_directory_is_named(string value, string expected) =>
        Assert.Equal([expected], OptionsBinding.Errors(("Gateway:X400:DropDirectory", value)));
}
