"""helpers.catalog renders the data appendix from the descriptor."""

from fixture_package import write_package

from helpers.catalog import dataset_card, field_rows
from helpers.data import DataPackage


def test_field_rows_show_allowed_values_and_list_delimiters(tmp_path):
    rows = {r["column"]: r for r in field_rows(DataPackage(write_package(tmp_path)), "events")}
    assert rows["`track`"]["meaning"].endswith("One of: `diplomacy`, `sanctions`.")
    assert rows["`sources`"]["type"] == "list (separated by ';')"
    assert rows["`id`"]["required"] == "yes" and rows["`count`"]["required"] == ""


def test_dataset_card_names_file_rows_key_and_caveats(tmp_path):
    package = DataPackage(write_package(tmp_path))
    package.resource("events")["caveats"] = ["Dates before 2000 are approximate."]
    card = dataset_card(package, "events")
    assert card.startswith("**`events.csv`: events**")
    assert "Rows: 3. Each row is identified by `id`." in card
    assert card.rstrip().endswith("- Dates before 2000 are approximate.")
    assert card.count("\n| `") == 8


def test_a_card_offers_its_table_for_download_when_asked(tmp_path):
    from fixture_package import write_package
    from helpers.catalog import dataset_card
    from helpers.data import DataPackage

    package = DataPackage(write_package(tmp_path))
    assert "{download}`events.csv <../data/events.csv>`" in dataset_card(package, "events", download_from="../data/")
    assert "{download}" not in dataset_card(package, "events")


def test_a_card_names_its_tables_licence(tmp_path):
    package = DataPackage(write_package(tmp_path))
    package.resource("events")["licenses"] = [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}]
    assert "Each row is identified by `id`. Licence: [CC-BY-4.0](https://creativecommons.org/licenses/by/4.0/)." \
        in dataset_card(package, "events")
