"""The package metadata in the form current setuptools takes without deprecation warnings."""

import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


def test_the_license_is_an_spdx_expression_with_a_setuptools_that_reads_it():
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))

    # A table ({ text = "MIT" }) is deprecated since setuptools 77, which reads the string.
    assert config["project"]["license"] == "MIT"
    assert config["build-system"]["requires"] == ["setuptools>=77"]
    assert not any(c.startswith("License ::") for c in config["project"].get("classifiers", []))
