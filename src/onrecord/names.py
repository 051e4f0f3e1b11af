"""Given names that tell a person's gender, shared by speaker resolution and entity linking.

The list (``data/given_names.yaml``) holds only names that nearly always name a man or a woman in
English-language news; it is read once, when the module loads.
"""

from __future__ import annotations

from importlib import resources
from typing import Literal

import yaml

Gender = Literal["male", "female"]


def _load_given_names() -> dict[str, Gender]:
    """Read the packaged list of given names by gender."""
    data = yaml.safe_load(resources.files("onrecord").joinpath("data/given_names.yaml").read_text("utf-8"))
    return {**dict.fromkeys(data["male"], "male"), **dict.fromkeys(data["female"], "female")}


GIVEN_NAMES: dict[str, Gender] = _load_given_names()


def given_name_gender(name: str) -> Gender | None:
    """Return the gender of a full name's given name when it nearly always names a man or a woman
    ("Hillary Clinton", "Sen. Ted Cruz").

    >>> given_name_gender("Sen. Ted Cruz"), given_name_gender("Clinton")
    ('male', None)
    """
    words = name.replace(".", " ").lower().split()[:-1]
    return next((GIVEN_NAMES[w] for w in words if w in GIVEN_NAMES), None)
