"""The prose of a MyST page, as tests that read chapters need it."""

import re

FRONT_MATTER = re.compile(r"^---\n.*?\n---\n", re.S)
FENCED_CODE = re.compile(r"```.*?```", re.S)
ROLE = re.compile(r"\{[\w:-]+\}`[^`]*`")


def prose(text: str) -> str:
    """The page without front matter, code (cells, and code in solutions) and role markup."""
    return ROLE.sub("", FENCED_CODE.sub("", FRONT_MATTER.sub("", text)))
