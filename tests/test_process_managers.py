"""The non-container start paths: systemd units, Procfiles, PM2 ecosystem files and package.json scripts."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from nodeward.collect import safe_yaml as y
from nodeward.collect.process_managers import (
    is_pm2_name,
    parse_pm2_document,
    parse_procfile,
    parse_systemd_unit,
)
from nodeward.practices.p01_non_root import is_root_user
from nodeward.practices.p07_information_disclosure import inline_node_env, is_dev_command, runs_node

from conftest import scan, write_tree


def test_systemd_unit_user_environment_and_continuations() -> None:
    text = textwrap.dedent(
        """
        [Unit]
        User=ignored-outside-service

        [Service]
        ; a comment
        User=root
        User=
        User=api
        Environment="A=1 2" B=3
        Environment=NODE_ENV=production \\
          C=4
        EnvironmentFile=-/etc/api.env
        ExecStart=/usr/bin/node \\
            /srv/server.js
        DynamicUser=no
        """
    ).lstrip()
    unit = parse_systemd_unit("api.service", text)
    assert unit.has_service_section and unit.service_line == 4
    assert (unit.user.value, unit.user.line) == ("api", 8)
    assert [(v.name, v.value, v.line) for v in unit.environment] == [
        ("A", "1 2", 9),
        ("B", "3", 9),
        ("NODE_ENV", "production", 10),
        ("C", "4", 10),
    ]
    assert unit.environment_files == ("/etc/api.env",)
    assert unit.exec_start.value.split() == ["/usr/bin/node", "/srv/server.js"]
    assert unit.dynamic_user.value is False


def test_systemd_empty_environment_resets() -> None:
    unit = parse_systemd_unit("a.service", "[Service]\nEnvironment=NODE_ENV=development\nEnvironment=\n")
    assert unit.environment == ()
    assert not parse_systemd_unit("a.timer", "[Timer]\nOnCalendar=daily\n").has_service_section


def test_procfile_lines() -> None:
    procs = parse_procfile("Procfile", "# comment\nweb: node server.js\n\nworker:npm run work\nnot a process\n")
    assert [(p.name, p.command, p.line) for p in procs] == [("web", "node server.js", 2), ("worker", "npm run work", 4)]


def test_pm2_json_keeps_lines() -> None:
    text = '{\n  "apps": [\n    {\n      "name": "api",\n      "env": {"NODE_ENV": "development"},\n' + (
        '      "env_production": {\n        "NODE_ENV": "production"\n      }\n    }\n  ]\n}\n'
    )
    (app,) = parse_pm2_document("ecosystem.json", text)
    assert (app.name, app.line) == ("api", 3)
    assert app.env("env", "NODE_ENV").line == 5
    assert (app.env("env_production", "NODE_ENV").value, app.env("env_production", "NODE_ENV").line) == (
        "production",
        7,
    )


def test_pm2_yaml_and_top_level_list() -> None:
    apps = parse_pm2_document("process.yml", "- name: a\n  script: a.js\n  env:\n    NODE_ENV: production\n")
    assert [(a.name, a.script, a.env("env", "NODE_ENV").value) for a in apps] == [("a", "a.js", "production")]
    assert parse_pm2_document("pm2.json", '{"name": "not an ecosystem file"}') is None


def test_pm2_hostile_document_is_a_problem() -> None:
    with pytest.raises(y.YamlProblem):
        parse_pm2_document("ecosystem.json", '{"apps": ' + "[" * 5000 + "]" * 5000 + "}")


@pytest.mark.parametrize(
    ("name", "pm2"),
    [
        ("ecosystem.config.js", True),
        ("ecosystem.json", True),
        ("deploy/ecosystem.prod.config.json", True),
        ("ecosystem.prod.json", True),
        ("process.yml", True),
        ("pm2.json", True),
        ("package.json", False),
        ("processes.json", False),
    ],
)
def test_pm2_file_names(name: str, pm2: bool) -> None:
    assert is_pm2_name(name) is pm2


def test_invalid_package_json_is_reported_not_fatal(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "p", {"package.json": '{"scripts": {"start": "sudo node ."', "Dockerfile": "FROM x\n"})
    report = scan(root, select=("NW0108",))
    assert not report.rule_errors
    assert [p.path for p in report.problems] == ["package.json"]


@pytest.mark.parametrize(
    ("command", "value"),
    [
        ("NODE_ENV=production node server.js", "production"),
        ("cross-env NODE_ENV=development node app", "development"),
        ("export NODE_ENV='staging' && node app", "staging"),
        ("set NODE_ENV=production&& node app", "production"),
        ('/usr/bin/env NODE_ENV="test" node app', "test"),
        ("node app --MY_NODE_ENV=dev", None),
        ("node app", None),
    ],
)
def test_inline_node_env(command: str, value: str | None) -> None:
    assert inline_node_env(command) == value


def test_command_classifiers() -> None:
    assert runs_node("/usr/local/bin/node dist/main.js")
    assert runs_node("tini -- pm2-runtime ecosystem.config.js")
    assert not runs_node("nginx -g 'daemon off;'")
    assert not runs_node("/app/node_modules/.bin/whatever")
    assert is_dev_command("npm run dev")
    assert is_dev_command("npx nodemon server.js")
    assert is_dev_command("node --watch server.js")
    assert not is_dev_command("npm start")
    assert not is_dev_command("vite build")


@pytest.mark.parametrize(
    ("user", "root"),
    [
        *[("root", True), ("0", True), ("root:root", True), ("0:0", True), ("'root'", True)],
        *[("node", False), ("1000:0", False), ("rooty", False), ("node:root", False)],
    ],
)
def test_root_users(user: str, root: bool) -> None:
    assert is_root_user(user) is root
