"""The rules of helpers.sources, on small inputs (tests/test_sources_of_record.py applies them to the book)."""

import pandas as pd
import pytest

from helpers import sources as S


# --- the rules, on small inputs --------------------------------------------------------


@pytest.mark.parametrize(
    "url, domain",
    [
        ("https://www.consilium.europa.eu/en/press/", "consilium.europa.eu"),
        ("http://EUR-Lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32016D0849", "eur-lex.europa.eu"),
        ("https://en.wikisource.org./wiki/X", "en.wikisource.org"),
        ("https://press.un.org:443/en/2006/sc8853.doc.htm", "press.un.org"),
        ("https://wwwx.example.org/a", "wwwx.example.org"),
    ],
)
def test_domain_of(url, domain):
    assert S.domain_of(url) == domain


DOMAINS = pd.DataFrame(
    {"domain": ["eur-lex.europa.eu", "mirror.example", "kcna.co.jp"],
     "class": ["official", "weak", "state_media"],
     "reason": ["r", "r", "r"],
     "named_as": [[], [], ["KCNA"]]}
)
BIB = pd.DataFrame(
    {"key": ["act", "copy", "kcna", "lost"],
     "url": ["https://eur-lex.europa.eu/x", "https://www.mirror.example/x", "http://kcna.co.jp/x", "https://unknown.example/x"]}
)


def test_classify_and_unclassified():
    classified = S.classify(BIB, DOMAINS)
    assert S.class_of(classified.fillna({"class": "?"})) == {"act": "official", "copy": "weak", "kcna": "state_media", "lost": "?"}
    assert S.unclassified_domains(classified) == ["unknown.example"]
    assert S.unused_domains(classified.iloc[:2], DOMAINS) == ["kcna.co.jp"]


def cite(keys, context="A sentence."):
    return S.Citation("page.md", 1, tuple(keys), context)


def test_weak_only_is_a_claim_with_nothing_better():
    classes = S.class_of(S.classify(BIB, DOMAINS))
    found = S.weak_only([cite(["copy"]), cite(["copy", "act"]), cite(["act"]), cite([])], classes)
    assert [c.keys for c in found] == [("copy",)]


def test_state_media_must_be_named_in_the_sentence():
    classified = S.classify(BIB, DOMAINS)
    classes, domains = S.class_of(classified), dict(zip(classified["key"], classified["domain"]))
    names = {"kcna.co.jp": ["KCNA"]}
    quoted = cite(["kcna"], "KCNA said the test was a success")
    as_fact = cite(["kcna", "act"], "The test was a success")
    bad = S.unattributed_state_media([quoted, as_fact], classes, names, domains)
    assert bad == [(as_fact, "kcna")]


def test_cite_roles_skip_code_and_read_directives():
    text = (
        "# Title\n\nThe EU acted. It listed nine people {cite:p}`a,b`.\n\n"
        "```{code-cell} ipython3\nx = '{cite:p}`not-a-citation`'\n```\n\n"
        ":::{admonition} Sources disagree\n:class: note\nOne says so {cite}`c`.\n:::\n\n"
        ":::{solution} ex-1\n```python\nprint('{cite}`nor-this`')\n```\nAnd the answer {cite:t}`d`.\n:::\n"
    )
    found = S.cite_roles(text, "page.md")
    assert [c.keys for c in found] == [("a", "b"), ("c",), ("d",)]
    assert found[0].context == "It listed nine people {cite:p}`a,b`"
    assert found[0].line == 3
    assert found[1].line == 11


def test_row_citations_carry_the_rows_text_and_line():
    table = pd.DataFrame({"id": ["x", "y"], "summary": ["KCNA said so", "A fact"], "sources": [["kcna"], ["act"]]})
    rows = S.row_citations("events", table)
    assert [(r.line, r.keys, r.context) for r in rows] == [(2, ("kcna",), "x KCNA said so"), (3, ("act",), "y A fact")]


def test_class_shares_sum_to_one_per_group():
    occ = pd.DataFrame({"where": ["a", "a", "b"], "key": ["x", "y", "z"], "class": ["official", "weak", "reputable"]})
    shares = S.class_shares(occ, by="where")
    assert list(shares.columns) == list(S.CLASSES)
    assert shares.loc["a", "official"] == 0.5 and shares.loc["b", "reputable"] == 1.0
    assert (shares.sum(axis=1) - 1).abs().max() < 1e-12


def test_duplicate_documents_are_found_whatever_the_spelling_of_the_address():
    bib = pd.DataFrame({"key": ["a", "b", "c", "d"],
                        "url": ["https://www.un.org/press/x/", "http://UN.org/press/x", "https://un.org/press/y", "https://un.org/press/x?page=2"]})
    assert S.duplicate_documents(bib) == [["a", "b"]]


def test_an_eurlex_act_is_one_document_in_every_language_and_view():
    bib = pd.DataFrame({"key": ["en", "fr", "other"],
                        "url": ["https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32006E0795",
                                "https://eur-lex.europa.eu/legal-content/FR/TXT/?uri=CELEX\\%3A32006E0795",
                                "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32009E0573"]})
    assert S.duplicate_documents(bib) == [["en", "fr"]]
