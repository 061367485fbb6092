using Gateway.X400;
using Gateway.X400.Mapping;

namespace Gateway.Tests.X400.Mapping;

/// <summary>Every rule of the RFC 2156 mapping, both ways, with the exact strings.</summary>
public sealed class MixerMappingTests
{
    private const string Gw = "/O=GW/PRMD=Example/ADMD= /C=XX/";

    internal static readonly MixerMapping Mapper = new(OrAddress.Parse(Gw), ["x400.example", "second.example"],
    [
        new MappingRule("acme.co.uk", OrAddress.Parse("/O=Acme/PRMD=Acme/ADMD= /C=GB/")),
        // A prefix without O: the first label left of the domain becomes O.
        new MappingRule("research.example", OrAddress.Parse("/PRMD=Research/ADMD=RX/C=DE/")),
        new MappingRule("example.com", OrAddress.Parse("/O=Example/PRMD=Internet/ADMD= /C=US/"), MappingSide.Internet),
        // Nested in both domain and prefix, on the other side.
        new MappingRule("lab.example.com", OrAddress.Parse("/OU1=Lab/O=Example/PRMD=Internet/ADMD= /C=US/")),
        // Nested prefix under acme.co.uk with an unrelated domain: it takes OU1=Sales away from sales.acme.co.uk.
        new MappingRule("acme-sales.example", OrAddress.Parse("/OU1=Sales/O=Acme/PRMD=Acme/ADMD= /C=GB/")),
        // A subdomain of acme.co.uk with a prefix of its own: OU1=paris under Acme no longer has a mailbox.
        new MappingRule("paris.acme.co.uk", OrAddress.Parse("/O=Acme Paris/PRMD=Acme/ADMD= /C=GB/")),
    ]);

    private static string Mapped(string mailbox)
    {
        Assert.True(Mapper.TryMapX400Recipient(mailbox, out var name, out var error), error);
        return name.Address.ToString();
    }

    private static string Originator(string mailbox)
    {
        Assert.True(Mapper.TryMapSmtpMailbox(mailbox, out var name, out var error), error);
        return name.Address.ToString();
    }

    private static string MailboxOf(string address) => Mapper.ToMailbox(new OrName(OrAddress.Parse(address)));

    [Theory]
    [InlineData("smith@acme.co.uk", "/S=smith/O=Acme/PRMD=Acme/ADMD= /C=GB/")]
    [InlineData("john.smith@acme.co.uk", "/G=john/S=smith/O=Acme/PRMD=Acme/ADMD= /C=GB/")]
    [InlineData("John.Q.Public@acme.co.uk", "/G=John/I=Q/S=Public/O=Acme/PRMD=Acme/ADMD= /C=GB/")]
    [InlineData("John.Q.R.Public@acme.co.uk", "/G=John/I=QR/S=Public/O=Acme/PRMD=Acme/ADMD= /C=GB/")]
    [InlineData("J.Q.Public@acme.co.uk", "/I=JQ/S=Public/O=Acme/PRMD=Acme/ADMD= /C=GB/")]
    [InlineData("\"Anna.van der Berg\"@acme.co.uk", "/G=Anna/S=van der Berg/O=Acme/PRMD=Acme/ADMD= /C=GB/")]
    [InlineData("smith@ACME.CO.UK", "/S=smith/O=Acme/PRMD=Acme/ADMD= /C=GB/")]
    [InlineData("Steve.Kille@london.acme.co.uk", "/G=Steve/S=Kille/OU1=london/O=Acme/PRMD=Acme/ADMD= /C=GB/")]
    [InlineData("kille@desk-7.london.acme.co.uk", "/S=kille/OU2=desk-7/OU1=london/O=Acme/PRMD=Acme/ADMD= /C=GB/")]
    [InlineData("x@a.b.c.d.acme.co.uk", "/S=x/OU4=a/OU3=b/OU2=c/OU1=d/O=Acme/PRMD=Acme/ADMD= /C=GB/")]
    [InlineData("anna@research.example", "/S=anna/PRMD=Research/ADMD=RX/C=DE/")]
    [InlineData("anna@bonn.research.example", "/S=anna/O=bonn/PRMD=Research/ADMD=RX/C=DE/")]
    [InlineData("anna@a.b.bonn.research.example", "/S=anna/OU2=a/OU1=b/O=bonn/PRMD=Research/ADMD=RX/C=DE/")]
    [InlineData("x@lab.example.com", "/S=x/OU1=Lab/O=Example/PRMD=Internet/ADMD= /C=US/")]
    [InlineData("x@paris.acme.co.uk", "/S=x/O=Acme Paris/PRMD=Acme/ADMD= /C=GB/")]
    [InlineData("x@acme-sales.example", "/S=x/OU1=Sales/O=Acme/PRMD=Acme/ADMD= /C=GB/")]
    public void A_recipient_at_a_mapped_X400_domain_gets_prefix_labels_and_personal_name(string mailbox, string expected) =>
        Assert.Equal(expected, Mapped(mailbox));

    [Theory]
    [InlineData("john.smith@x400.example", "/G=john/S=smith/O=GW/PRMD=Example/ADMD= /C=XX/")]
    [InlineData("smith@X400.EXAMPLE", "/S=smith/O=GW/PRMD=Example/ADMD= /C=XX/")]
    [InlineData("john.q.smith@second.example", "/G=john/I=q/S=smith/O=GW/PRMD=Example/ADMD= /C=XX/")]
    [InlineData("\"/G=Andy/S=Wharol/O=MMNY/ADMD=ATT/C=US/\"@x400.example", "/G=Andy/S=Wharol/O=MMNY/ADMD=ATT/C=US/")]
    [InlineData("/S=Kille/O=Isode/PRMD=Isode/ADMD=ATT/C=GB/@x400.example", "/S=Kille/O=Isode/PRMD=Isode/ADMD=ATT/C=GB/")]
    [InlineData("\"/CN=Ops Desk/O=Acme/PRMD=Acme/ADMD= /C=GB/\"@x400.example", "/CN=Ops Desk/O=Acme/PRMD=Acme/ADMD= /C=GB/")]
    public void A_recipient_at_a_local_domain_is_a_personal_name_under_the_gateway_or_the_address_it_spells(string mailbox, string expected) =>
        Assert.Equal(expected, Mapped(mailbox));

    [Theory]
    [InlineData("j_smith@acme.co.uk",
        "the local part 'j_smith' is not an RFC 2156 personal name (surname, given.surname, given.i.surname or i.surname): S contains '_' at position 2, which is not a PrintableString character")]
    [InlineData("john.qq.smith@acme.co.uk",
        "the local part 'john.qq.smith' is not an RFC 2156 personal name (surname, given.surname, given.i.surname or i.surname): 'qq' before the surname is not a one-letter initial")]
    [InlineData("1.smith@acme.co.uk",
        "the local part '1.smith' is not an RFC 2156 personal name (surname, given.surname, given.i.surname or i.surname): '1' is neither a given name (two characters or more) nor an initial (one letter)")]
    [InlineData("a.b.c.d.e.f.smith@acme.co.uk",
        "the local part 'a.b.c.d.e.f.smith' is not an RFC 2156 personal name (surname, given.surname, given.i.surname or i.surname): I is 6 characters long; X.411 allows at most 5")]
    [InlineData("\"a..b\"@acme.co.uk",
        "the local part 'a..b' is not an RFC 2156 personal name (surname, given.surname, given.i.surname or i.surname): it has an empty part")]
    [InlineData("x@a.b.c.d.e.acme.co.uk",
        "5 labels left of acme.co.uk, but /O=Acme/PRMD=Acme/ADMD= /C=GB/ leaves only 4 attributes free (OU1, OU2, OU3, OU4)")]
    [InlineData("x@abcdefghijklmnopqrstuvwxyz0123456.acme.co.uk",
        "1 label left of acme.co.uk, but 'abcdefghijklmnopqrstuvwxyz0123456' cannot be OU1: OU1 is 33 characters long; X.411 allows at most 32")]
    [InlineData("john@sales.acme.co.uk",
        "it would be /S=john/OU1=sales/O=Acme/PRMD=Acme/ADMD= /C=GB/, but the mapping table maps that to <john@acme-sales.example>, so the mapping would not be reversible")]
    [InlineData("alice@example.com", "'example.com' is not an X.400 domain of this gateway")]
    [InlineData("alice@notacme.co.uk", "'notacme.co.uk' is not an X.400 domain of this gateway")]
    [InlineData("j_smith@x400.example",
        "the local part 'j_smith' is not an RFC 2156 personal name (surname, given.surname, given.i.surname or i.surname): S contains '_' at position 2, which is not a PrintableString character")]
    [InlineData("\"/S=Smith/C=/\"@x400.example", "the local part is not a valid std-or-address: C '' is neither 2 letters (ISO 3166) nor 3 digits (X.121 DCC)")]
    [InlineData("jörg@acme.co.uk", "it contains U+00F6; RFC 2156 maps only ASCII mailboxes")]
    public void A_recipient_that_cannot_be_mapped_is_refused_with_the_reason(string mailbox, string expected)
    {
        Assert.False(Mapper.TryMapX400Recipient(mailbox, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("john@acme.co.uk", true)]
    [InlineData("x@a.b.acme.co.uk", true)]
    [InlineData("x@a.b.c.d.e.acme.co.uk", true)] // an X.400 domain still: refused with the reason, never relayed to SMTP
    [InlineData("x@lab.example.com", true)]
    [InlineData("x@sub.lab.example.com", true)]
    [InlineData("x@x400.example", true)]
    [InlineData("x@Second.Example", true)]
    [InlineData("x@example.com", false)]
    [InlineData("x@foo.example.com", false)]
    [InlineData("x@notacme.co.uk", false)]
    [InlineData("x@acme.co.uk.example.org", false)]
    [InlineData("x@sub.x400.example", false)]
    [InlineData("postmaster", false)]
    public void Recipients_are_X400_recipients_by_local_domain_or_the_side_of_the_longest_entry(string mailbox, bool expected) =>
        Assert.Equal(expected, Mapper.IsX400Recipient(mailbox));

    [Theory]
    [InlineData("alice@example.com", "/S=alice/O=Example/PRMD=Internet/ADMD= /C=US/")]
    [InlineData("alice.b.cooper@mail.example.com", "/G=alice/I=b/S=cooper/OU1=mail/O=Example/PRMD=Internet/ADMD= /C=US/")]
    [InlineData("john.smith@acme.co.uk", "/G=john/S=smith/O=Acme/PRMD=Acme/ADMD= /C=GB/")]
    [InlineData("john.smith@x400.example", "/G=john/S=smith/O=GW/PRMD=Example/ADMD= /C=XX/")]
    [InlineData("first_last@example.com", "/DD.RFC-822=first(u)last(a)example.com/O=GW/PRMD=Example/ADMD= /C=XX/")]
    [InlineData("bob@example.org", "/DD.RFC-822=bob(a)example.org/O=GW/PRMD=Example/ADMD= /C=XX/")]
    [InlineData("\"odd (name)\"@example.net", "/DD.RFC-822=(q)odd (l)name(r)(q)(a)example.net/O=GW/PRMD=Example/ADMD= /C=XX/")]
    [InlineData("user@[192.0.2.1]", "/DD.RFC-822=user(a)(091)192.0.2.1(093)/O=GW/PRMD=Example/ADMD= /C=XX/")]
    [InlineData("j_smith@x400.example", "/DD.RFC-822=j(u)smith(a)x400.example/O=GW/PRMD=Example/ADMD= /C=XX/")]
    [InlineData("john@sales.acme.co.uk", "/DD.RFC-822=john(a)sales.acme.co.uk/O=GW/PRMD=Example/ADMD= /C=XX/")]
    [InlineData("x@a.b.c.d.e.acme.co.uk", "/DD.RFC-822=x(a)a.b.c.d.e.acme.co.uk/O=GW/PRMD=Example/ADMD= /C=XX/")]
    public void An_originator_maps_by_the_table_when_it_can_else_into_an_RFC822_attribute(string mailbox, string expected) =>
        Assert.Equal(expected, Originator(mailbox));

    [Fact]
    public void The_null_reverse_path_is_the_gateway_itself() =>
        Assert.Equal(Gw, Originator(""));

    [Theory]
    [InlineData("jörg@example.de", "<jörg@example.de> contains U+00F6; RFC 2156 maps only ASCII into an RFC-822 domain-defined attribute")]
    [InlineData("not a mailbox", "<not a mailbox> is not a mailbox that RFC 2156 can carry and give back unchanged")]
    public void An_originator_that_nothing_can_carry_is_refused(string mailbox, string expected)
    {
        Assert.False(Mapper.TryMapSmtpMailbox(mailbox, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void An_originator_too_long_for_the_RFC822_attribute_is_refused_with_the_limit()
    {
        var mailbox = new string('a', 64) + "@" + new string('b', 60) + ".example";
        Assert.False(Mapper.TryMapSmtpMailbox(mailbox, out _, out var error));
        Assert.Equal($"<{mailbox}> cannot be carried in an RFC-822 domain-defined attribute: DD.RFC-822 is 135 characters long; X.411 allows at most 128", error);
    }

    [Theory]
    [InlineData("/DD.RFC-822=first(u)last(a)example.org/O=GW/PRMD=Example/ADMD= /C=XX/", "first_last@example.org")]
    [InlineData("/DD.RFC-822=(q)odd (l)name(r)(q)(a)example.net/O=GW/PRMD=Example/ADMD= /C=XX/", "\"odd (name)\"@example.net")]
    [InlineData("/DD.rfc-822=bob(A)example.org/O=gw/PRMD=EXAMPLE/ADMD= /C=xx/", "bob@example.org")]
    public void Rule_1_an_RFC822_attribute_alone_on_the_gateway_address_is_the_mailbox_it_holds(string address, string expected) =>
        Assert.Equal(expected, MailboxOf(address));

    [Theory]
    [InlineData("/G=Steve/S=Kille/O=Acme/PRMD=Acme/ADMD= /C=GB/", "Steve.Kille@acme.co.uk")]
    [InlineData("/G=Steve/S=Kille/OU1=london/O=Acme/PRMD=Acme/ADMD= /C=GB/", "Steve.Kille@london.acme.co.uk")]
    [InlineData("/S=kille/OU2=desk-7/OU1=london/O=Acme/PRMD=Acme/ADMD= /C=GB/", "kille@desk-7.london.acme.co.uk")]
    [InlineData("/I=JQ/S=Public/O=Acme/PRMD=Acme/ADMD= /C=GB/", "J.Q.Public@acme.co.uk")]
    [InlineData("/G=John/I=QR/S=Public/O=Acme/PRMD=Acme/ADMD= /C=GB/", "John.Q.R.Public@acme.co.uk")]
    [InlineData("/G=Anna/S=van der Berg/O=Acme/PRMD=Acme/ADMD= /C=GB/", "\"Anna.van der Berg\"@acme.co.uk")]
    [InlineData("/S=smith/O=ACME/PRMD=acme/ADMD= /C=gb/", "smith@acme.co.uk")]
    [InlineData("/S=anna/PRMD=Research/ADMD=RX/C=DE/", "anna@research.example")]
    [InlineData("/S=anna/OU2=a/OU1=b/O=bonn/PRMD=Research/ADMD=RX/C=DE/", "anna@a.b.bonn.research.example")]
    [InlineData("/S=alice/O=Example/PRMD=Internet/ADMD= /C=US/", "alice@example.com")]
    [InlineData("/S=x/OU1=Lab/O=Example/PRMD=Internet/ADMD= /C=US/", "x@lab.example.com")]
    [InlineData("/S=x/OU1=lab/O=Example/PRMD=Internet/ADMD= /C=US/", "x@lab.example.com")]
    [InlineData("/S=x/OU1=Sales/O=Acme/PRMD=Acme/ADMD= /C=GB/", "x@acme-sales.example")]
    [InlineData("/S=x/O=Acme Paris/PRMD=Acme/ADMD= /C=GB/", "x@paris.acme.co.uk")]
    [InlineData("/G=john/S=smith/O=GW/PRMD=Example/ADMD= /C=XX/", "john.smith@x400.example")]
    public void Rule_2_the_longest_matching_prefix_gives_the_domain_and_the_personal_name_the_local_part(string address, string expected) =>
        Assert.Equal(expected, MailboxOf(address));

    [Theory]
    [InlineData("/CN=Ops Desk/O=Acme/PRMD=Acme/ADMD= /C=GB/", "\"/CN=Ops Desk/O=Acme/PRMD=Acme/ADMD= /C=GB/\"@x400.example")] // CN
    [InlineData("/G=John/S=Smith/GQ=Jr/O=Acme/PRMD=Acme/ADMD= /C=GB/", "\"/G=John/S=Smith/GQ=Jr/O=Acme/PRMD=Acme/ADMD= /C=GB/\"@x400.example")] // GQ
    [InlineData("/G=J/S=Doe/O=Acme/PRMD=Acme/ADMD= /C=GB/", "\"/G=J/S=Doe/O=Acme/PRMD=Acme/ADMD= /C=GB/\"@x400.example")] // J.Doe would be I=J
    [InlineData("/G=Mary.Ann/S=Doe/O=Acme/PRMD=Acme/ADMD= /C=GB/", "\"/G=Mary.Ann/S=Doe/O=Acme/PRMD=Acme/ADMD= /C=GB/\"@x400.example")]
    [InlineData("/S=x/OU1=Desk 7/O=Acme/PRMD=Acme/ADMD= /C=GB/", "\"/S=x/OU1=Desk 7/O=Acme/PRMD=Acme/ADMD= /C=GB/\"@x400.example")] // not a DNS label
    [InlineData("/S=x/OU1=paris/O=Acme/PRMD=Acme/ADMD= /C=GB/", "\"/S=x/OU1=paris/O=Acme/PRMD=Acme/ADMD= /C=GB/\"@x400.example")] // x@paris.acme.co.uk is someone else
    [InlineData("/O=Acme/PRMD=Acme/ADMD= /C=GB/", "\"/O=Acme/PRMD=Acme/ADMD= /C=GB/\"@x400.example")] // no personal name
    [InlineData("/DD.ID=7/S=Lee/O=Acme/PRMD=Acme/ADMD= /C=GB/", "\"/DD.ID=7/S=Lee/O=Acme/PRMD=Acme/ADMD= /C=GB/\"@x400.example")]
    [InlineData("/S=Lee/PRMD=Other/ADMD=RX/C=DE/", "/S=Lee/PRMD=Other/ADMD=RX/C=DE/@x400.example")] // no entry
    [InlineData("/S=Wharol/O=MMNY/ADMD=ATT/C=US/", "/S=Wharol/O=MMNY/ADMD=ATT/C=US/@x400.example")] // a dot-atom needs no quotes
    [InlineData("/S=x/OU1=lab/O=GW/PRMD=Example/ADMD= /C=XX/", "\"/S=x/OU1=lab/O=GW/PRMD=Example/ADMD= /C=XX/\"@x400.example")] // no labels under the gateway
    [InlineData("/S=$/x/O=GW/PRMD=Example/ADMD= /C=XX/", "\"/S=$/x/O=GW/PRMD=Example/ADMD= /C=XX/\"@x400.example")] // "/x" would read as a std-or-address
    [InlineData("/O=GW/PRMD=Example/ADMD= /C=XX/", "\"/O=GW/PRMD=Example/ADMD= /C=XX/\"@x400.example")]
    [InlineData("/DD.RFC-822=bob(a)example.org/S=Smith/O=GW/PRMD=Example/ADMD= /C=XX/", "\"/DD.RFC-822=bob(a)example.org/S=Smith/O=GW/PRMD=Example/ADMD= /C=XX/\"@x400.example")]
    [InlineData("/DD.RFC-822=bob(a)example.org/OU1=x/O=GW/PRMD=Example/ADMD= /C=XX/", "\"/DD.RFC-822=bob(a)example.org/OU1=x/O=GW/PRMD=Example/ADMD= /C=XX/\"@x400.example")]
    [InlineData("/DD.RFC-822=bob(a)example.org/O=Other/PRMD=Example/ADMD= /C=XX/", "\"/DD.RFC-822=bob(a)example.org/O=Other/PRMD=Example/ADMD= /C=XX/\"@x400.example")]
    [InlineData("/DD.RFC-822=not a mailbox/O=GW/PRMD=Example/ADMD= /C=XX/", "\"/DD.RFC-822=not a mailbox/O=GW/PRMD=Example/ADMD= /C=XX/\"@x400.example")]
    public void Rule_3_anything_else_is_its_std_or_address_at_the_first_local_domain(string address, string expected)
    {
        Assert.Equal(expected, MailboxOf(address));
        Assert.Equal(address, Mapped(expected));
    }

    [Theory]
    [InlineData("john.smith@second.example", "john.smith@x400.example")]
    [InlineData("\"/G=Steve/S=Kille/O=Acme/PRMD=Acme/ADMD= /C=GB/\"@x400.example", "Steve.Kille@acme.co.uk")]
    [InlineData("\"john.smith\"@acme.co.uk", "john.smith@acme.co.uk")]
    [InlineData("smith@Acme.Co.UK", "smith@acme.co.uk")]
    public void Aliases_map_to_an_address_whose_mailbox_is_the_canonical_one(string alias, string canonical)
    {
        Assert.Equal(canonical, Mapper.ToMailbox(new OrName(OrAddress.Parse(Mapped(alias)))));
        Assert.Equal(Mapped(alias), Mapped(canonical));
    }

    [Fact]
    public void An_RFC822_attribute_goes_to_its_mailbox_even_when_the_table_names_that_mailbox_otherwise()
    {
        // RFC 2156: the gateway reverses its own RFC-822 attribute; a std-or-address would send the message round in a loop.
        Assert.Equal("smith@acme.co.uk", MailboxOf("/DD.RFC-822=smith(a)acme.co.uk/O=GW/PRMD=Example/ADMD= /C=XX/"));
        Assert.Equal("/S=smith/O=Acme/PRMD=Acme/ADMD= /C=GB/", Mapped("smith@acme.co.uk"));
    }

    [Theory]
    [InlineData("/G=Steve/S=Kille/OU1=london/O=Acme/PRMD=Acme/ADMD= /C=GB/")]
    [InlineData("/S=x/OU1=Desk 7/O=Acme/PRMD=Acme/ADMD= /C=GB/")]
    [InlineData("/CN=Ops Desk/O=Acme/PRMD=Acme/ADMD= /C=GB/")]
    public void A_recipient_and_an_originator_with_the_same_mailbox_get_the_same_address(string address)
    {
        var mailbox = MailboxOf(address);
        Assert.Equal(address, Mapped(mailbox));
        Assert.Equal(address, Originator(mailbox));
    }

    private static readonly MixerMapping Readme = new(OrAddress.Parse("/O=Example/PRMD=Example/ADMD= /C=GB/"), ["x400.example.com"],
    [
        new MappingRule("acme.co.uk", OrAddress.Parse("/O=Acme/PRMD=Acme/ADMD= /C=GB/")),
        new MappingRule("example.com", OrAddress.Parse("/O=Example/PRMD=Internet/ADMD= /C=US/"), MappingSide.Internet),
    ]);

    [Theory]
    [InlineData("Steve.Kille@acme.co.uk", "/G=Steve/S=Kille/O=Acme/PRMD=Acme/ADMD= /C=GB/")]
    [InlineData("kille@desk7.london.acme.co.uk", "/S=kille/OU2=desk7/OU1=london/O=Acme/PRMD=Acme/ADMD= /C=GB/")]
    [InlineData("alice@example.com", "/S=alice/O=Example/PRMD=Internet/ADMD= /C=US/")]
    [InlineData("john.smith@x400.example.com", "/G=john/S=smith/O=Example/PRMD=Example/ADMD= /C=GB/")]
    [InlineData("/G=Andy/S=Wharol/O=MMNY/ADMD=ATT/C=US/@x400.example.com", "/G=Andy/S=Wharol/O=MMNY/ADMD=ATT/C=US/")]
    [InlineData("first_last@example.org", "/DD.RFC-822=first(u)last(a)example.org/O=Example/PRMD=Example/ADMD= /C=GB/")]
    [InlineData("\"/CN=Ops Desk/O=Acme/PRMD=Acme/ADMD= /C=GB/\"@x400.example.com", "/CN=Ops Desk/O=Acme/PRMD=Acme/ADMD= /C=GB/")]
    public void The_README_examples_hold(string mailbox, string address)
    {
        Assert.True(Readme.TryMapSmtpMailbox(mailbox, out var name, out var error), error);
        Assert.Equal(address, name.Address.ToString());
        Assert.Equal(mailbox, Readme.ToMailbox(new OrName(OrAddress.Parse(address))));
    }

    public static TheoryData<string, string> InconsistentTables => new()
    {
        { "acme.co.uk|/O=Acme/PRMD=Acme/ADMD= /C=GB/;ACME.co.uk|/O=Other/PRMD=Acme/ADMD= /C=GB/", "Mapping rule 1: 'ACME.co.uk' is mapped twice." },
        { "acme.co.uk|/O=Acme/PRMD=Acme/ADMD= /C=GB/;acme.com|/O=ACME/PRMD=Acme/ADMD= /C=GB/", "Mapping rule 1: /O=ACME/PRMD=Acme/ADMD= /C=GB/ is mapped twice." },
        { "x400.example|/O=Acme/PRMD=Acme/ADMD= /C=GB/", "Mapping rule 0: 'x400.example' is a local domain." },
        { "gw.example|/O=gw/PRMD=Example/ADMD= /C=XX/", "Mapping rule 0: /O=gw/PRMD=Example/ADMD= /C=XX/ is the gateway's own address." },
        { "acme.co.uk|/S=Smith/O=Acme/PRMD=Acme/ADMD= /C=GB/",
            "Mapping rule 0: /S=Smith/O=Acme/PRMD=Acme/ADMD= /C=GB/ holds S; an O/R prefix holds only the hierarchical attributes C, ADMD, PRMD, O and OU1..OU4." },
        { "acme..co.uk|/O=Acme/PRMD=Acme/ADMD= /C=GB/", "Mapping rule 0: 'acme..co.uk' is not a domain name." },
    };

    [Theory]
    [MemberData(nameof(InconsistentTables))]
    public void An_inconsistent_table_is_refused_at_construction(string table, string expected)
    {
        var rules = table.Split(';').Select(r => r.Split('|')).Select(p => new MappingRule(p[0], OrAddress.Parse(p[1]))).ToList();
        var e = Assert.Throws<ArgumentException>(() => new MixerMapping(OrAddress.Parse(Gw), ["x400.example"], rules));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }
}
