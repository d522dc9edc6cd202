"""Sources of record, applied to the book: every site classified, no claim or data row on
weak sources alone, state media only as their government's voice, official texts cited by
their identifiers, and the book's shares of official and weak sources within target."""

import re

import pytest

from helpers import sources as S
from helpers.data import REPO_ROOT, DataPackage

PACKAGE = DataPackage()
MIN_OFFICIAL_SHARE = S.MIN_OFFICIAL_SHARE
MAX_WEAK_SHARE = S.MAX_WEAK_SHARE


# --- the book ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def classified():
    return S.classify(PACKAGE.load("sources"), PACKAGE.load("source_domains"))


@pytest.fixture(scope="module")
def page_citations():
    return S.book_citations(REPO_ROOT)


@pytest.fixture(scope="module")
def row_citations():
    return S.table_citations(PACKAGE)


def _where(citations, limit=15):
    return "\n".join(f"  {c.where} line {c.line}: {', '.join(c.keys)}" for c in citations[:limit])


def test_every_domain_is_classified(classified):
    missing = S.unclassified_domains(classified)
    assert not missing, f"data/source_domains.csv does not classify these domains of references.bib: {missing}"


def test_classification_lists_only_domains_in_use(classified):
    unused = S.unused_domains(classified, PACKAGE.load("source_domains"))
    assert not unused, f"data/source_domains.csv lists domains no source points at: {unused}"


#: Fields every entry needs beyond author, title, year, address and access date: where it
#: was published, by its BibTeX type.
PUBLISHED_IN = {"misc": ("howpublished",), "article": ("journal",), "book": ("publisher",),
                "incollection": ("booktitle", "publisher"), "techreport": ("institution",)}


def test_every_entry_is_a_complete_record():
    """Author or issuing body, title, year, where it was published (by type), address and access date."""
    from pybtex.database import parse_file

    entries = parse_file(str(REPO_ROOT / "references.bib"), "bibtex").entries
    unknown = sorted({entry.type for entry in entries.values()} - set(PUBLISHED_IN))
    assert not unknown, f"references.bib uses entry types the book does not render: {unknown}"
    incomplete = {
        key: missing
        for key, entry in entries.items()
        if (missing := [f for f in ("title", "year", *PUBLISHED_IN[entry.type], "url", "urldate")
                        if not entry.fields.get(f)]
            + ([] if entry.persons.get("author") or entry.persons.get("editor") else ["author"]))
    }
    assert not incomplete, f"{len(incomplete)} entries of references.bib lack fields: {dict(list(incomplete.items())[:10])}"


def test_scholarly_works_point_at_their_version_of_record():
    """A journal article's address is its DOI where it has one, so that a reader lands on
    the publisher's version, not a copy."""
    from pybtex.database import parse_file

    entries = parse_file(str(REPO_ROOT / "references.bib"), "bibtex").entries
    astray = {key: entry.fields["url"] for key, entry in entries.items()
              if entry.fields.get("doi") and entry.fields.get("url", "").lower()
              != f"https://doi.org/{entry.fields['doi']}".lower()}
    assert not astray, f"entries with a DOI whose url is not https://doi.org/<doi>: {astray}"


def test_one_entry_per_document():
    duplicates = S.duplicate_documents(PACKAGE.load("sources"))
    assert not duplicates, f"references.bib has several entries for one document (same URL): {duplicates}"


def test_state_media_rows_name_their_outlet():
    domains = PACKAGE.load("source_domains")
    unnamed = domains[(domains["class"] == "state_media") & (domains["named_as"].map(lambda names: len(names or [])) == 0)]
    assert unnamed.empty, f"data/source_domains.csv: state media without named_as: {list(unnamed['domain'])}"


def test_no_claim_rests_only_on_weak_sources(classified, page_citations):
    found = S.weak_only(page_citations, S.class_of(classified))
    assert not found, f"{len(found)} cite roles rest only on weak sources:\n{_where(found)}"


def test_no_data_row_rests_only_on_weak_sources(classified, row_citations):
    found = S.weak_only(row_citations, S.class_of(classified))
    assert not found, f"{len(found)} data rows rest only on weak sources:\n{_where(found)}"


def test_state_media_only_for_what_its_government_said(classified, page_citations, row_citations):
    domains = PACKAGE.load("source_domains")
    names = dict(zip(domains["domain"], domains["named_as"]))
    domain_of_key = dict(zip(classified["key"], classified["domain"]))
    bad = S.unattributed_state_media(page_citations + row_citations, S.class_of(classified), names, domain_of_key)
    listing = "\n".join(f"  {c.where} line {c.line}: {key} (the sentence must name one of {names[domain_of_key[key]]})"
                        for c, key in bad[:15])
    assert not bad, f"{len(bad)} state-media citations do not say whose words they are:\n{listing}"


def test_share_of_official_and_weak_sources(classified, page_citations):
    shares = S.class_shares(S.occurrences(page_citations, S.class_of(classified))).iloc[0]
    assert shares["official"] >= MIN_OFFICIAL_SHARE, f"official sources are {shares['official']:.1%} of citations (target {MIN_OFFICIAL_SHARE:.0%})"
    assert shares["weak"] <= MAX_WEAK_SHARE, f"weak sources are {shares['weak']:.1%} of citations (target at most {MAX_WEAK_SHARE:.0%})"


def _entries(classified):
    return classified.set_index("key")


def test_every_eu_act_cites_its_eurlex_text(classified):
    measures = PACKAGE.load("eu_measures")
    urls = _entries(classified)["url"]
    for line, row in zip(range(2, len(measures) + 2), measures.itertuples()):
        wanted = f"CELEX:{row.celex}"
        cited = [urls[k] for k in row.sources if "eur-lex.europa.eu" in urls[k] and wanted in urls[k]]
        assert cited, f"data/eu_measures.csv row {line}, column sources: no source is the act on EUR-Lex ({wanted})"


def test_every_un_resolution_cites_its_document(classified):
    resolutions = PACKAGE.load("un_resolutions")
    urls = _entries(classified)["url"]
    for line, row in zip(range(2, len(resolutions) + 2), resolutions.itertuples()):
        match = re.fullmatch(r"S/RES/(\d+) \((\d{4})\)", row.symbol)
        assert match and int(match.group(1)) == row.resolution and int(match.group(2)) == row.date.year, (
            f"data/un_resolutions.csv row {line}, column symbol: {row.symbol!r} is not S/RES/{row.resolution} ({row.date.year})")
        address = f"S/RES/{row.resolution}({row.date.year})"
        cited = [urls[k] for k in row.sources if address in urls[k].replace(" ", "").replace("%20", "")]
        assert cited, f"data/un_resolutions.csv row {line}, column sources: no source is the resolution itself ({address})"


def test_scholarly_works_are_typed_as_such():
    """A journal article, book or chapter is cited as @article, @book or @incollection, so
    that its journal or publisher shows and its authors render as authors, not as @misc."""
    from pybtex.database import parse_file

    entries = parse_file(str(REPO_ROOT / "references.bib"), "bibtex").entries
    untyped = sorted(key for key, entry in entries.items() if entry.type == "misc"
                     and (entry.fields.get("doi") or entry.fields.get("journal")
                          or S.domain_of(entry.fields.get("url", "")) == "doi.org"))
    assert not untyped, f"scholarly works entered as @misc (give them their type): {untyped}"
