"""The data appendix, written from ``data/datapackage.json`` itself.

Descriptions, units, allowed values and caveats live once, in the descriptor;
the book's appendix renders them, so documentation cannot drift from the schema.
"""

from __future__ import annotations

from helpers.data import DataPackage


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def field_rows(package: DataPackage, name: str) -> list[dict[str, str]]:
    """One dict per column of a table: name, type, whether required, meaning."""
    rows = []
    for field in package.resource(name)["schema"]["fields"]:
        constraints = field.get("constraints", {})
        kind = field.get("type", "string")
        if kind == "list":
            kind = f"list (separated by '{field.get('delimiter', ',')}')"
        meaning = field.get("description", "")
        if "enum" in constraints:
            meaning += " One of: " + ", ".join(f"`{v}`" for v in constraints["enum"]) + "."
        rows.append(
            {
                "column": f"`{field['name']}`",
                "type": kind,
                "required": "yes" if constraints.get("required") else "",
                "meaning": meaning,
            }
        )
    return rows


def dataset_card(package: DataPackage, name: str, download_from: str | None = None) -> str:
    """A Markdown description of one table: what a row is, its columns, its caveats.

    With ``download_from`` (the data folder's path relative to the page, e.g. ``"../data/"``)
    the card offers the CSV file for download (a MyST ``{download}`` role)."""
    resource = package.resource(name)
    key = resource["schema"].get("primaryKey", [])
    key = [key] if isinstance(key, str) else key
    lines = [
        f"**`{resource['path']}`: {resource.get('title', name)}**",
        "",
        resource.get("description", ""),
        "",
        *([f"Download: {{download}}`{resource['path']} <{download_from}{resource['path']}>`", ""]
          if download_from is not None else []),
        f"Rows: {len(package.load(name))}. Each row is identified by "
        + ", ".join(f"`{k}`" for k in key)
        + "."
        + "".join(f" Licence: [{lic['name']}]({lic['path']})." for lic in resource.get("licenses", [])),
        "",
        "| column | type | required | meaning |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| {r['column']} | {r['type']} | {r['required']} | {_escape(r['meaning'])} |"
        for r in field_rows(package, name)
    ]
    caveats = resource.get("caveats", [])
    if caveats:
        lines += ["", "Known gaps and caveats:", ""] + [f"- {c}" for c in caveats]
    return "\n".join(lines) + "\n"
