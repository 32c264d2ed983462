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


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[align]\nmargn = 0.5\n", r"\[align\]: unknown key\(s\): margn"),
        ("[align]\nmax_overlap = 0\n", r"\[align\]: max_overlap must be >= 1"),
        ("[score]\nminr = 2\n", r"\[score\]: unknown key\(s\): minr"),
        ("[check_params.omission]\ntreshold = 0.5\n", r"\[check_params.omission\]: unknown key\(s\): treshold"),
        ("[check_params.omission]\nthreshold = 2.0\n", r"\[check_params.omission\]: omission threshold"),
        ("[check_params.omision]\nthreshold = 0.5\n", r"unknown check 'omision'"),
        ('checks = ["numbers"]\n[check_params.omission]\nthreshold = 0.5\n', r"check 'omission' is not run"),
        ('checks = ["numbrs"]\n', r"unknown check 'numbrs'"),
        ('segmenter = "sentences"\n', r"unknown segmenter 'sentences'"),
        ("align = 3\n", r"\[align\] must be a table"),
    ],
)
def test_nested_keys_and_values_are_checked_at_load_time(tmp_path, toml: str, message: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)
