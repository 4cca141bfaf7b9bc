"""sources.toml may not send a source outside its folders or to other hosts (docs/security.md)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from connectors import __main__ as cli
from connectors.config import ConfigError, load_sources

ROOT = Path(__file__).resolve().parents[2]


def write(folder: Path, text: str) -> Path:
    config = folder / "sources.toml"
    config.write_text(text, encoding="utf-8")
    return config


def problems(config: Path) -> str:
    with pytest.raises(ConfigError) as raised:
        load_sources(config)
    return str(raised.value)


@pytest.fixture
def site(tmp_path) -> Path:
    """conf/sources.toml with its exports below conf/, and a secret outside."""
    (tmp_path / "conf" / "exports").mkdir(parents=True)
    (tmp_path / "conf" / "exports" / "people.csv").write_text("x\n")
    (tmp_path / "secret.txt").write_text("the key\n")
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "people.csv").write_text("x\n")
    return tmp_path / "conf"


@pytest.mark.parametrize("path", ["../secret.txt", "exports/../../secret.txt", "/etc/passwd", "../*.txt",
                                  "exports/*/../../../secret.txt", "exports/**/../../secret.txt"])
def test_a_path_outside_the_folder_of_sources_toml_is_refused(site, path):
    text = problems(write(site, f'[[source]]\nname = "hr"\nkind = "hr"\npath = "{path}"\n'))
    assert "[[source]] #1 'hr': 'path'" in text
    assert "outside the allowed folders" in text or "'..' after a wildcard" in text


def test_every_file_setting_is_checked_not_only_path(site):
    text = problems(write(site, '[[source]]\nname = "hr"\nkind = "hr"\npath = "exports/people.csv"\n'
                                'org_units_path = "../secret.txt"\n'))
    assert "'hr': 'org_units_path' = '../secret.txt' resolves to" in text and "1 problem(s)" in text


def test_a_link_out_of_the_folder_is_refused(site):
    os.symlink(site.parent / "secret.txt", site / "exports" / "innocent.csv")
    text = problems(write(site, '[[source]]\nname = "hr"\nkind = "hr"\npath = "exports"\n'))
    assert "is a link to" in text and str(site.parent / "secret.txt") in text
    os.symlink(site.parent, site / "up")
    text = problems(write(site, '[[source]]\nname = "hr"\nkind = "hr"\npath = "up/secret.txt"\n'))
    assert "outside the allowed folders" in text


def test_a_nul_character_in_a_path_is_refused(site):
    text = problems(write(site, '[[source]]\nname = "hr"\nkind = "hr"\npath = "exports/people.csv\\u0000.txt"\n'))
    assert "'path' contains a NUL character" in text


def test_allowed_roots_admit_other_folders_relative_to_sources_toml(site):
    config = write(site, 'allowed_roots = ["../shared"]\n\n'
                         '[[source]]\nname = "hr"\nkind = "hr"\npath = "../shared/people.csv"\n')
    assert [s.name for s in load_sources(config)] == ["hr"]
    config = write(site, f'allowed_roots = ["{site.parent / "shared"}"]\n\n'
                         '[[source]]\nname = "hr"\nkind = "hr"\npath = "../secret.txt"\n')
    assert "outside the allowed folders" in problems(config)  # the root admits its folder only


def test_the_repository_configurations_pass():
    assert len(load_sources(ROOT / "data" / "demo" / "sources.toml")) == 8
    assert len(load_sources(ROOT / "tests" / "fixtures" / "company" / "sources.toml")) == 2


@pytest.mark.parametrize("url, said", [
    ("file:///etc/passwd", "must be an http(s) address, not file://"),
    ("ftp://lrs.example.org/xAPI", "not ftp://"),
    ("gopher://127.0.0.1:6379/_FLUSHALL", "not gopher://"),
    ("lrs.example.org/xAPI", "an address without http(s)://"),
    ("http://lrs.example.org/x\r\nHost: evil", "spaces or control characters"),
    ("http:///xAPI", "names no host"),
    ("http://lrs.example.org:port/xAPI", "not a valid address"),
])
def test_only_http_addresses_are_read(site, url, said):
    text = problems(write(site, f'[[source]]\nname = "lrs"\nkind = "xapi"\nurl = {json.dumps(url)}\n'))
    assert "[[source]] #1 'lrs': 'url'" in text and said in text


@pytest.mark.parametrize("url", ["https://api-user:Sup3rS3cretPw@lrs.example.org/xAPI",
                                 "https://only-a-token-Sup3rS3cretPw@lms.example.org"])
def test_credentials_in_an_address_are_refused_and_not_repeated(site, url):
    text = problems(write(site, f'[[source]]\nname = "lrs"\nkind = "xapi"\nurl = "{url}"\n'))
    assert "carries a user name or password" in text and "username_env/password_env or token_env" in text
    assert "Sup3rS3cretPw" not in text


def test_allowed_hosts_limit_the_hosts_sources_talk_to(site):
    head = 'allowed_hosts = ["lrs.example.org", "*.lms.example.org"]\n\n'
    entry = '[[source]]\nname = "{name}"\nkind = "xapi"\nurl = "{url}"\n\n'
    good = ["https://lrs.example.org/xAPI", "https://LRS.example.org./xAPI", "https://eu.lms.example.org"]
    config = write(site, head + "".join(entry.format(name=f"ok{i}", url=u) for i, u in enumerate(good)))
    assert len(load_sources(config)) == 3
    bad = ["https://lrs.example.org.evil.test/xAPI", "https://lms.example.org", "http://169.254.169.254/latest",
           "http://[::1]:8080/", "https://evil.test/?host=lrs.example.org"]
    text = problems(write(site, head + "".join(entry.format(name=f"bad{i}", url=u) for i, u in enumerate(bad))))
    assert "5 problem(s)" in text
    for host in ("lrs.example.org.evil.test", "'lms.example.org'", "169.254.169.254", "'::1'", "'evil.test'"):
        assert host in text
    assert "not in allowed_hosts (lrs.example.org, *.lms.example.org)" in text


def test_a_secret_feed_address_is_checked_without_being_shown(site, monkeypatch):
    monkeypatch.setenv("FEED_URL", "file:///etc/shadow?token=Sup3rS3cretFeed")
    text = problems(write(site, '[[source]]\nname = "cal"\nkind = "ical"\nurl_env = "FEED_URL"\n'))
    assert "the address in FEED_URL (url_env) must be an http(s) address" in text
    assert "Sup3rS3cretFeed" not in text and "shadow" not in text


def test_top_level_settings_misplaced_or_misspelt_are_named(site):
    text = problems(write(site, 'allowed_host = ["x"]\n[[source]]\nname = "lrs"\nkind = "xapi"\npath = "exports"\n'
                                'allowed_hosts = ["lrs.example.org"]\n'))
    assert "'allowed_host' is not a top-level setting" in text
    assert "'allowed_hosts' is a top-level setting: put it before the first [[source]]" in text
    assert "must be a list" in problems(write(site, 'allowed_roots = "/"\n[[source]]\nname = "a"\nkind = "xapi"\n'
                                                    'path = "exports"\n'))


def test_check_and_sync_refuse_before_touching_the_warehouse(site, tmp_path, monkeypatch, capsys):
    database = tmp_path / "w.db"
    monkeypatch.setenv("DIRIGENT_DB_URL", f"sqlite:///{database}")
    config = write(site, '[[source]]\nname = "hr"\nkind = "hr"\npath = "/etc/passwd"\n')
    for command in ("check", "sync"):
        assert cli.main([command, "--config", str(config)]) == 2
        err = capsys.readouterr().err
        assert "'hr': 'path' = '/etc/passwd' resolves to /etc/passwd, outside the allowed folders" in err
        assert "Traceback" not in err
    assert not database.exists()
