"""sowlint.parties: party definitions, solicitations and actor mentions, read from real markdown."""

from __future__ import annotations

from sowlint.parties import actor_pattern, defined_parties, party_roles
from sowlint.readers.markdown import parse_markdown


def test_label_lines_define_both_sides_with_company_and_short_names() -> None:
    doc = parse_markdown(
        'Client: Contoso Health, Inc. ("Contoso")\n\nVendor: Northwind Analytics LLC ("Northwind")\n\n'
        "## Scope\n\nNorthwind builds the portal.\n",
        "sow.md",
    )
    parties = {p.side: p for p in defined_parties(doc)}
    assert parties["buyer"].role == "Client"
    assert parties["buyer"].names == ("Contoso Health, Inc.", "Contoso")
    assert parties["seller"].names == ("Northwind Analytics LLC", "Northwind")


def test_parenthesised_role_definition_and_placeholder_label() -> None:
    doc = parse_markdown(
        "Client: [Client Name]\n\n"
        'This SOW is between Contoso Health, Inc. (the "Customer") and Northwind Analytics LLC.\n',
        "sow.md",
    )
    parties = defined_parties(doc)
    assert [(p.side, p.role, p.names) for p in parties] == [("buyer", "Customer", ("Contoso Health, Inc.",))]


def test_actor_pattern_finds_roles_pronouns_and_defined_names_but_not_the_country() -> None:
    doc = parse_markdown('Client: Contoso Health, Inc. ("Contoso")\n\n## Scope\n\nText.\n', "sow.md")
    actor = actor_pattern(doc)
    for text in (
        "Access will be granted to the vendor.",
        "Credentials will be provided to our team.",
        "Contoso approves each design.",
        "The COR reviews invoices.",
        "Contractor's staff will be trained.",
    ):
        assert actor.search(text), text
    for text in ("Data is stored in the US.", "Credentials will be provided before kickoff."):
        assert not actor.search(text), text


def test_role_words_have_a_side() -> None:
    roles = party_roles()
    assert roles.side_of("customer") == "buyer"
    assert roles.side_of("Service Provider") == "seller"
    assert roles.side_of("Offeror") is None
