"""The data as a citable release: a version with its changelog entry, a licence on every
table, identifiers read from the rows' own sources, and a CITATION.cff that is valid and
names the data at the same version."""

import json
import re

import pytest
import yaml

from helpers.data import DATA_DIR, REPO_ROOT, DataPackage

PACKAGE = DataPackage(DATA_DIR)
DESCRIPTOR = PACKAGE.descriptor
SEMVER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
CELEX_IN_URL = re.compile(r"CELEX(?::|%3A)(3\d{4}[A-Z]\d{4})", re.I)
ACT_NUMBER = re.compile(r"\b(\d{4})/(\d+)\b")


def citation() -> dict:
    return yaml.safe_load((REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def data_reference(cff: dict) -> dict:
    found = [ref for ref in cff.get("references", []) if ref.get("type") == "data"]
    assert len(found) == 1, "CITATION.cff names the data package as one reference of type data"
    return found[0]


def changelog_versions() -> list[tuple[str, str]]:
    text = (DATA_DIR / "CHANGELOG.md").read_text(encoding="utf-8")
    return re.findall(r"^## (\S+) \((\d{4}-\d{2}-\d{2})\)$", text, re.M)


# --- version and changelog ---


def test_the_package_has_a_semantic_version():
    assert SEMVER.fullmatch(DESCRIPTOR.get("version", "")), f"datapackage.json version: {DESCRIPTOR.get('version')!r}"


def test_the_changelog_opens_with_the_packages_version():
    versions = changelog_versions()
    assert versions, "data/CHANGELOG.md has no '## <version> (<YYYY-MM-DD>)' heading"
    assert versions[0][0] == DESCRIPTOR["version"], (
        f"data/CHANGELOG.md's newest entry is {versions[0][0]}, datapackage.json says {DESCRIPTOR['version']}")


def test_changelog_versions_descend():
    numbers = [tuple(int(n) for n in version.split(".")) for version, _ in changelog_versions()]
    assert numbers == sorted(numbers, reverse=True) and len(set(numbers)) == len(numbers)


# --- licences ---


@pytest.mark.parametrize("name", PACKAGE.tables())
def test_every_table_carries_a_licence(name):
    licences = PACKAGE.resource(name).get("licenses")
    assert licences and all(lic.get("name") and lic.get("path", "").startswith("https://") for lic in licences), (
        f"resource {name!r} in datapackage.json needs licenses: [{{name, path, title}}]")


# --- identifiers ---


def source_celex(keys, urls) -> set[str]:
    return {m.group(1) for key in keys if (m := CELEX_IN_URL.search(urls[key]))}


def test_each_eu_acts_celex_is_read_from_its_sources():
    urls = PACKAGE.load("sources").set_index("key")["url"]
    measures = PACKAGE.load("eu_measures")
    unread = [f"{row.id}: {row.celex}" for row in measures.itertuples()
              if row.celex not in source_celex(row.sources, urls)]
    assert not unread, f"eu_measures rows whose CELEX no EUR-Lex source of theirs shows: {unread}"


def test_a_listings_celex_numbers_are_its_named_acts_as_its_sources_give_them():
    """Every CELEX number of a listing row is in one of its sources' addresses and is an act
    the row's ``act`` names (year/number), in that order; and no act its EUR-Lex sources
    give is left out."""
    urls = PACKAGE.load("sources").set_index("key")["url"]
    problems = []
    for row in PACKAGE.load("eu_listing_events").itertuples():
        named = [(int(y), int(n)) for y, n in ACT_NUMBER.findall(row.act if isinstance(row.act, str) else "")]
        given = list(row.celex or ())
        read = source_celex(row.sources, urls)
        expected = sorted((c for c in read if (int(c[1:5]), int(c[6:])) in named),
                          key=lambda c: named.index((int(c[1:5]), int(c[6:]))))
        if given != expected:
            problems.append(f"{row.date:%Y-%m-%d} {row.kind}: celex {given}, expected {expected}")
    assert not problems, problems


def test_a_resolutions_symbol_is_its_number_and_year():
    resolutions = PACKAGE.load("un_resolutions")
    wrong = [row.symbol for row in resolutions.itertuples()
             if row.symbol != f"S/RES/{row.resolution} ({row.date.year})"]
    assert not wrong, f"symbols that do not match the resolution number and the year of adoption: {wrong}"


# --- CITATION.cff ---


def test_citation_file_is_valid_citation_file_format():
    import jsonschema

    schema = json.loads((REPO_ROOT / "tests" / "schemas" / "citation-file-format-1.2.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(citation(), schema, format_checker=jsonschema.FormatChecker())


def test_citation_names_the_data_at_its_version_and_licence():
    data = data_reference(citation())
    assert data["title"] == DESCRIPTOR["title"]
    assert str(data["version"]) == DESCRIPTOR["version"]
    assert data["license"] == DESCRIPTOR["licenses"][0]["name"]
    assert data["date-released"] == changelog_versions()[0][1], "the data's release date is its changelog entry's"
