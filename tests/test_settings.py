"""Settings come from one table: defaults, environment, options, with clear errors."""

from __future__ import annotations

import pytest

from onrecord.errors import ConfigError
from onrecord.settings import SETTINGS, resolve


def test_defaults() -> None:
    config = resolve({}, environ={})
    assert config.db == "onrecord.db" and config.max_bytes == 20_000_000


def test_option_beats_environment() -> None:
    config = resolve({"workers": "2"}, environ={"ONRECORD_WORKERS": "3", "ONRECORD_DB": "x.db"})
    assert (config.workers, config.db) == (2, "x.db")


def test_bad_values_name_their_origin() -> None:
    with pytest.raises(ConfigError, match="--workers"):
        resolve({"workers": "many"}, environ={})
    with pytest.raises(ConfigError, match="ONRECORD_MAX_SIZE_MB"):
        resolve({}, environ={"ONRECORD_MAX_SIZE_MB": "-1"})


def test_every_setting_has_help_and_env() -> None:
    assert all(s.help and s.env.startswith("ONRECORD_") for s in SETTINGS)
