"""The README documents every setting and every CLI verb, and every verb's help has an example."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from onrecord.cli import COMMANDS, build_parser
from onrecord.settings import SETTINGS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_in_the_readme(setting) -> None:
    assert f"`{setting.env}`" in README
    assert f"`--{setting.name.replace('_', '-')}`" in README


@pytest.mark.parametrize("verb", sorted(COMMANDS))
def test_every_verb_is_in_the_readme(verb: str) -> None:
    assert f"`onrecord {verb}" in README


def test_every_verb_help_ends_with_an_example() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in sub.choices.items():
        assert (command.epilog or "").startswith("example:"), name
