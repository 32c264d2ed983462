"""Config: defaults, TOML loading, loud unknown keys."""

from __future__ import annotations

import pytest

from aligner.config import Config, ConfigError, build_signature, config_from_mapping, load_config


def test_defaults_are_the_embedded_offline_ones() -> None:
    config = Config()
    assert (config.encoder, config.segmenter, config.src_lang, config.tgt_lang) == ("default", "rules", "en", "ar")


def test_unknown_keys_are_errors(tmp_path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('encoder = "hashing"\nencodr = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown config key\\(s\\): encodr"):
        load_config(path)


def test_toml_round_trip(tmp_path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('encoder = "hashing"\nchecks = ["numbers"]\n[align]\nmax_overlap = 3\n', encoding="utf-8")
    config = load_config(path)
    assert config.checks == ("numbers",)
    assert config.align == {"max_overlap": 3}
    assert config_from_mapping(config.as_dict()) == config


def test_unreadable_config_is_one_line_error(tmp_path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("encoder = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config(path)


def test_signature_carries_library_version() -> None:
    from aligner import __version__

    assert build_signature(encoder="hashing.v1").format().endswith(f"v:{__version__}")
