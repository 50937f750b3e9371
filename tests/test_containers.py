"""The container parsers: safe YAML, Dockerfiles, compose files and Kubernetes manifests, hostile input included."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from nodeward.collect import safe_yaml as y
from nodeward.collect.containers import (
    image_default_user_is_non_root,
    image_repository,
    is_development_name,
    is_node_image,
    is_official_node_image,
    parse_compose,
    parse_env_file,
    parse_kubernetes,
)
from nodeward.collect.dockerfile import DockerfileProblem, parse_dockerfile, substitute

from conftest import scan, write_tree


def dockerfile(text: str):
    return parse_dockerfile("Dockerfile", textwrap.dedent(text).lstrip("\n"))


# --- safe YAML --------------------------------------------------------------------------------------------------

BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9)
)


def test_alias_bomb_is_rejected_with_a_one_line_problem() -> None:
    with pytest.raises(y.YamlProblem, match="alias bomb") as info:
        y.compose_documents(BILLION_LAUGHS)
    assert "\n" not in str(info.value)


def test_ten_thousand_deep_flow_nesting_is_rejected() -> None:
    # libyaml stops this one itself ("exceeded maximum nesting depth"); the pure-Python parser reaches our limit.
    with pytest.raises(y.YamlProblem, match="nesting"):
        y.compose_documents("[" * 10_000 + "]" * 10_000)


def test_deep_block_nesting_is_rejected() -> None:
    # 2,000 levels of indentation is already a 2 MB text, the largest file discovery reads.
    text = "".join(" " * i + f"k{i}:\n" for i in range(2_000))
    with pytest.raises(y.YamlProblem, match="nesting deeper than 100 levels"):
        y.compose_documents(text)


def test_recursive_alias_is_rejected() -> None:
    with pytest.raises(y.YamlProblem, match="recursive alias"):
        y.compose_documents("a: &a [*a]\n")


def test_too_many_aliases_are_rejected_before_expansion() -> None:
    text = "a: &a 1\nb: [" + ", ".join(["*a"] * (y.MAX_ALIASES + 1)) + "]\n"
    with pytest.raises(y.YamlProblem, match="more than 10000 aliases"):
        y.compose_documents(text)


def test_invalid_yaml_gives_one_line_with_its_line_number() -> None:
    with pytest.raises(y.YamlProblem) as info:
        y.compose_documents("a: 1\nb: [2,\n")
    assert "\n" not in str(info.value)
    assert "line 3" in str(info.value)


def test_python_tags_are_not_constructed() -> None:
    # Composing never constructs objects, so a python/object tag is inert data; reading it as text is all we do.
    docs = y.compose_documents("x: !!python/object/apply:os.system ['echo pwned']\n")
    assert y.text(y.get(docs[0], "x")) is None
    assert y.is_sequence(y.get(docs[0], "x"))


def test_merge_keys_apply_and_explicit_keys_win() -> None:
    (doc,) = y.compose_documents("base: &b {user: root, image: node}\nsvc:\n  <<: *b\n  user: node\n")
    svc = y.get(doc, "svc")
    assert y.text(y.get(svc, "user")) == "node"
    assert y.text(y.get(svc, "image")) == "node"
    assert y.line_of(y.get(svc, "image")) == 1


def test_yaml_11_booleans_and_integers() -> None:
    (doc,) = y.compose_documents("a: yes\nb: 'true'\nc: 0\nd: '0'\ne: 0x10\n")
    assert y.boolean(y.get(doc, "a")) is True
    assert y.boolean(y.get(doc, "b")) is None  # a quoted string is not a boolean to Kubernetes either
    assert y.integer(y.get(doc, "c")) == 0
    assert y.integer(y.get(doc, "d")) is None
    assert y.integer(y.get(doc, "e")) == 16


def test_multi_document_stream_keeps_lines_and_drops_empty_documents() -> None:
    docs = y.compose_documents("---\na: 1\n---\n---\nb: 2\n")
    assert [y.line_of(y.get(docs[0], "a")), y.line_of(y.get(docs[-1], "b"))] == [2, 5]


def test_hostile_yaml_in_a_scanned_project_is_reported_and_the_scan_goes_on(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "p",
        {
            "docker-compose.yml": BILLION_LAUGHS,
            "k8s/deep.yaml": "apiVersion: v1\nkind: Pod\nspec: " + "[" * 10_000 + "]" * 10_000 + "\n",
            "Dockerfile": "FROM node:20\nUSER node\n",
        },
    )
    report = scan(root, select=("NW01", "NW07"))
    assert not report.rule_errors
    problems = {p.path: p.message for p in report.problems}
    assert "alias bomb" in problems["docker-compose.yml"]
    assert "nesting" in problems["k8s/deep.yaml"]
    assert [e.code for e in report.evidence if e.code == "NW0101"] == ["NW0101"]


# --- Dockerfile ---------------------------------------------------------------------------------------------------


def test_continuations_comments_and_line_numbers() -> None:
    df = dockerfile(
        """
        FROM node:20
        RUN apt-get update && \\
            # a comment inside the continuation is dropped
            apt-get install -y curl \\

            && rm -rf /var/lib/apt/lists/*
        USER node
        """
    )
    run, user = df.stages[0].instructions
    assert (run.keyword, run.line, run.end_line) == ("RUN", 2, 6)
    assert "comment" not in run.args and "rm -rf" in run.args
    assert (user.keyword, user.line) == ("USER", 7)


def test_escape_directive_switches_to_backtick() -> None:
    df = dockerfile(
        """
        # escape=`
        FROM mcr.microsoft.com/windows/servercore
        RUN echo a `
            && echo b
        USER ContainerUser
        """
    )
    assert df.directives == {"escape": "`"}
    run, user = df.stages[0].instructions
    assert run.end_line == 4 and user.line == 5


def test_directives_end_at_the_first_comment() -> None:
    df = dockerfile("# syntax=docker/dockerfile:1\n# a comment\n# escape=`\nFROM node:20\n")
    assert df.directives == {"syntax": "docker/dockerfile:1"}


def test_heredoc_bodies_are_not_instructions() -> None:
    df = dockerfile(
        """
        FROM node:20
        RUN <<EOF
        USER root
        EOF
        COPY <<-"CONF" /etc/app.conf
        \tUSER root
        \tCONF
        USER node
        """
    )
    keywords = [(i.keyword, i.line) for i in df.stages[0].instructions]
    assert keywords == [("RUN", 2), ("COPY", 5), ("USER", 8)]
    assert df.stages[0].instructions[0].heredocs[0].body == "USER root"
    assert df.final_stage.user.value == "node"


def test_unclosed_heredoc_is_a_problem_not_a_crash() -> None:
    df = dockerfile("FROM node:20\nRUN <<EOF\necho hi\n")
    assert any("never closed" in p for p in df.problems)


def test_multi_stage_names_bases_and_inheritance() -> None:
    df = dockerfile(
        """
        ARG NODE=20
        FROM node:${NODE}-alpine AS Base
        ENV NODE_ENV=production
        USER node
        FROM base AS build
        RUN npm ci
        FROM nginx:1.27
        FROM build
        CMD ["node", "server.js"]
        """
    )
    base, build, nginx, final = df.stages
    assert (base.name, base.base, base.root_image) == ("base", "node:20-alpine", "node:20-alpine")
    assert (build.parent, build.root_image) == (0, "node:20-alpine")
    assert nginx.parent is None and nginx.user is None
    assert final.parent == 1
    assert final.user.value == "node" and final.user.stage == 0 and final.user.line == 4
    assert final.env["NODE_ENV"].value == "production"
    assert final.cmd.exec_form == ("node", "server.js")


def test_arg_and_env_substitution() -> None:
    df = dockerfile(
        """
        ARG BASE=node:20
        FROM $BASE
        ARG BASE
        ARG MODE=production
        ARG FROM_CLI
        ENV A=$MODE B="${MODE} x" C=${UNSET:-dflt} D=${FROM_CLI} E=${FROM_CLI:-production} F=\\$HOME
        ENV LEGACY value with spaces
        ENV ESCAPED=hello\\ world DOUBLE="a \\"b\\"" SINGLE='$MODE' MIXED="$MODE"-'$MODE'
        """
    )
    stage = df.final_stage
    env = {k: (v.value, v.resolved) for k, v in stage.env.items()}
    assert stage.base == "node:20"
    assert env["A"] == ("production", True)
    assert env["B"] == ("production x", True)
    assert env["C"] == ("dflt", True)
    assert env["D"] == ("", False)
    assert env["E"] == ("production", False)
    assert env["F"] == ("$HOME", True)
    assert env["LEGACY"] == ("value with spaces", True)
    assert env["ESCAPED"] == ("hello world", True)
    assert env["DOUBLE"] == ('a "b"', True)
    assert env["SINGLE"] == ("$MODE", True)
    assert env["MIXED"] == ("production-$MODE", True)


def test_substitute_alternative_forms() -> None:
    assert substitute("${X:+yes}", {}) == ("", True)
    assert substitute("$X", {}) == ("", False)


def test_entrypoint_resets_an_inherited_cmd_but_not_its_own() -> None:
    df = dockerfile('FROM node:20 AS a\nCMD ["x"]\nFROM a\nENTRYPOINT ["node"]\nFROM a\nCMD ["y"]\nENTRYPOINT ["z"]\n')
    assert df.stages[1].cmd is None
    assert df.stages[2].cmd.exec_form == ("y",)


def test_text_without_from_is_a_problem() -> None:
    with pytest.raises(DockerfileProblem):
        dockerfile("RUN echo hi\n")
    assert dockerfile("# only a comment\n").stages == ()


def test_huge_and_binaryish_dockerfile_text_does_not_crash() -> None:
    text = "FROM node:20\n" + "RUN echo \x1b[31mred \\\n" * 5000 + "\udcff\n"
    df = parse_dockerfile("Dockerfile", text)
    assert df.final_stage is not None


# --- images -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("image", "repo", "official", "node", "non_root"),
    [
        ("node:20-alpine", "node", True, True, False),
        ("docker.io/library/node:20@sha256:abc", "node", True, True, False),
        ("gcr.io/distroless/nodejs20-debian12:nonroot", "gcr.io/distroless/nodejs20-debian12", False, True, True),
        ("gcr.io/distroless/nodejs20-debian12", "gcr.io/distroless/nodejs20-debian12", False, True, False),
        ("cgr.dev/chainguard/node:latest", "cgr.dev/chainguard/node", False, True, True),
        (
            "registry.access.redhat.com/ubi9/nodejs-20:latest",
            "registry.access.redhat.com/ubi9/nodejs-20",
            False,
            True,
            True,
        ),
        ("localhost:5000/node:1", "localhost:5000/node", False, True, False),
        ("nginx:1.27", "nginx", False, False, False),
    ],
)
def test_image_names(image: str, repo: str, official: bool, node: bool, non_root: bool) -> None:
    assert image_repository(image) == repo
    assert is_official_node_image(image) is official
    assert is_node_image(image) is node
    assert image_default_user_is_non_root(image) is non_root


@pytest.mark.parametrize(
    ("name", "dev"),
    [
        ("docker-compose.yml", False),
        ("docker-compose.prod.yml", False),
        ("docker-compose.dev.yml", True),
        ("compose.override.yaml", True),
        ("Dockerfile.development", True),
        ("dev.Dockerfile", True),
        ("Dockerfile-test", True),
        ("Dockerfile.devtools", False),
    ],
)
def test_development_names(name: str, dev: bool) -> None:
    assert is_development_name(name) is dev


# --- compose ----------------------------------------------------------------------------------------------------


def test_compose_services_environment_forms_and_build(tmp_path: Path) -> None:
    text = textwrap.dedent(
        """
        services:
          api:
            build:
              context: ./api
              dockerfile: Dockerfile.prod
            user: "1000"
            privileged: on
            environment:
              - NODE_ENV=production
              - PASSTHROUGH
              - PRICE=$$5
            env_file:
              - path: ./api.env
                required: false
              - missing.env
          web:
            image: node:20
            build: ../web
            environment:
              NODE_ENV: ${MODE:-production}
              EMPTY:
            command: ["node", "server.js"]
        """
    ).lstrip()
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "api.env").write_text("export A=1\nNODE_ENV='x' \n# c\nB=2 # trailing\n")

    class FakeProject:
        root = tmp_path

    compose = parse_compose("deploy/docker-compose.yml", text, FakeProject())  # type: ignore[arg-type]
    api, web = compose.services
    assert (api.name, api.line, api.user.value, api.user.line, api.privileged.value) == ("api", 2, "1000", 6, True)
    assert api.build_dockerfile_path() == "deploy/api/Dockerfile.prod"
    env = {v.name: (v.value, v.resolved, v.line) for v in api.environment}
    assert env == {"NODE_ENV": ("production", True, 9), "PASSTHROUGH": (None, False, 10), "PRICE": ("$5", True, 11)}
    assert api.env_files == ("./api.env", "missing.env")
    assert api.env_files_unread == ("missing.env",)
    assert {v.name: v.value for v in api.env_file_vars} == {"A": "1", "NODE_ENV": "x", "B": "2"}
    assert api.env("NODE_ENV").value == "production"  # environment: wins over env_file:
    assert web.build_dockerfile_path() == "web/Dockerfile"
    assert web.env("NODE_ENV").value == "production"
    assert web.env("EMPTY").value is None
    assert web.command == "node server.js"


def test_yaml_that_is_not_compose_is_none() -> None:
    assert parse_compose("docker-compose.yml", "version: '3'\n") is None
    assert parse_compose("docker-compose.yml", "- a\n- b\n") is None


def test_env_file_parsing() -> None:
    vars_ = parse_env_file('A=1\n\nexport B="two words"\nC\n#D=4\n', "x.env")
    assert [(v.name, v.value, v.line) for v in vars_] == [("A", "1", 1), ("B", "two words", 3)]


# --- Kubernetes -------------------------------------------------------------------------------------------------

MANIFESTS = """
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {a: b}
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  jobTemplate:
    spec:
      template:
        spec:
          securityContext:
            runAsNonRoot: true
            runAsUser: 1000
          initContainers:
            - name: init
              image: busybox
          containers:
            - name: job
              image: node:20
              command: [node]
              args: [job.js]
              securityContext:
                allowPrivilegeEscalation: false
                privileged: false
              env:
                - name: NODE_ENV
                  value: production
                - name: FROM_CM
                  valueFrom: {configMapKeyRef: {name: cfg, key: a}}
                - name: EXPANDED
                  value: $(NODE_ENV)-x
              envFrom:
                - configMapRef: {name: cfg}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  template:
    spec:
      containers: [{name: api, image: "registry.invalid/api:1"}]
"""


def test_kubernetes_workloads_containers_and_security_contexts() -> None:
    cron, deploy = parse_kubernetes("k8s.yaml", MANIFESTS.lstrip())
    assert (cron.kind, cron.name, cron.line) == ("CronJob", "nightly", 6)
    assert cron.pod_security.run_as_non_root.value is True
    assert cron.pod_security.run_as_user.value == 1000
    init, job = cron.containers
    assert init.init and not job.init
    assert job.command == "node job.js"
    assert job.security.allow_privilege_escalation.value is False
    assert job.env_from
    env = {v.name: (v.value, v.resolved) for v in job.env}
    assert env == {"NODE_ENV": ("production", True), "FROM_CM": (None, False), "EXPANDED": ("$(NODE_ENV)-x", False)}
    assert (deploy.kind, deploy.containers[0].name, deploy.containers[0].line) == ("Deployment", "api", 45)


def test_kubernetes_objects_without_pods_are_ignored() -> None:
    assert parse_kubernetes("x.yaml", "apiVersion: v1\nkind: Service\nspec: {ports: []}\n") == []
    assert parse_kubernetes("x.yaml", "kind: Pod\nspec: {containers: []}\n") == []  # no apiVersion: not Kubernetes


# --- discovery: where Dockerfiles are not looked for ------------------------------------------------------------


def test_dockerfiles_under_node_modules_and_excluded_folders_are_ignored(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "p",
        {
            "node_modules/pkg/Dockerfile": "FROM node:20\n",
            "dist/Dockerfile": "FROM node:20\n",
            "vendor/x/Dockerfile": "FROM node:20\n",
            "tools/Dockerfile": "FROM node:20\n",
            "legacy/Dockerfile": "FROM node:20\n",
            ".gitignore": "legacy/\n",
            "Dockerfile": "FROM node:20\nUSER node\n",
        },
    )
    report = scan(root, select=("NW0101",), exclude=("tools",))
    assert [f.location.path for f in report.findings] == []
    assert [str(e.location) for e in report.evidence] == ["Dockerfile:2"]
    report = scan(root, select=("NW0101",))
    assert [str(f.location) for f in report.findings] == ["tools/Dockerfile:1"]


def test_not_applicable_without_containers(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "p", {"package.json": '{"name": "a", "scripts": {"start": "node ."}}'})
    report = scan(root, select=("NW01",))
    verdict = report.scorecard.verdict(1)
    assert verdict.status == "not-applicable"
    assert "no Dockerfile in the project" in verdict.notes


def test_alias_bomb_parse_finishes_quickly_in_a_subprocess() -> None:
    # Guard against a regression that would expand the bomb: a timeout (not a timing assert) kills a hang.
    code = f"from nodeward.collect import safe_yaml as y\ntry:\n    y.compose_documents({BILLION_LAUGHS!r})\n"
    code += "except y.YamlProblem as exc:\n    print(exc)\n"
    done = subprocess.run([sys.executable, "-c", code], check=True, timeout=60, capture_output=True, text=True)
    assert "alias bomb" in done.stdout


def test_pathological_lines_do_not_backtrack(tmp_path: Path) -> None:
    # Each of these made an earlier regex quadratic (a scan that never ends); now they are read in linear time.
    spaces = " " * 200_000
    root = write_tree(
        tmp_path / "p",
        {
            "Procfile": f"web:{spaces}x\n",
            "Dockerfile": f"# syntax=x{spaces}y\nFROM node:20\nENV NODE_ENV=production\nUSER node\n",
            "k8s/blank.yaml": "\n" * 200_000 + "apiVersion: v1\n",
            "package.json": '{"scripts": {"start": "' + ";" + spaces + 'sudo x"}}',
        },
    )
    report = scan(root, select=("NW01", "NW07"))
    assert not report.rule_errors
    assert [f.code for f in report.findings] == ["NW0108"]


def test_pure_python_event_parser_gives_the_same_nodes(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "a: &x [1, {b: yes}]\nc: *x\n---\n- <<: {k: v}\n"
    fast = y.compose_documents(text)
    monkeypatch.setattr(y, "_Loader", __import__("yaml").SafeLoader)
    slow = y.compose_documents(text)
    assert [str(d) for d in fast] == [str(d) for d in slow]
    with pytest.raises(y.YamlProblem, match="nesting deeper than 100 levels"):
        y.compose_documents("[" * 10_000 + "]" * 10_000)


def test_helm_templates_are_skipped_and_say_so(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path / "p",
        {
            "chart/Chart.yaml": "apiVersion: v2\nname: api\nversion: 1.0.0\n",
            "chart/templates/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\n{{- if .Values.x }}\n",
            "rendered.yaml": "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers: [{name: a}]\n",
        },
    )
    report = scan(root, select=("NW0104",))
    assert [(s.path, "helm template" in s.reason) for s in report.skipped] == [
        ("chart/templates/deployment.yaml", True)
    ]
    assert [str(f.location) for f in report.findings] == ["rendered.yaml:5"]
    assert report.problems == ()


def test_mutated_fixtures_never_crash_the_parsers() -> None:
    """Seeded mutation fuzzing over the rule fixtures: every parser either parses or raises its one-line problem."""
    import random

    from nodeward.collect.process_managers import parse_pm2_document, parse_procfile, parse_systemd_unit

    rnd = random.Random(7)
    seeds = [
        p.read_text("utf-8")
        for p in sorted((Path(__file__).parent / "fixtures" / "rules").glob("NW0[17]*/*/**/*"))
        if p.is_file()
    ]
    junk = [*" \n\t:-[]{}&*!|>'\"#$\\`<=,", "null", "~", "<<: *a", "&a ", "*a", "\udcff", "\x1b[31m", "<<EOF"]
    parsers = (
        lambda t: parse_dockerfile("Dockerfile", t),
        lambda t: parse_compose("docker-compose.yml", t),
        lambda t: parse_kubernetes("k8s.yaml", t),
        lambda t: parse_systemd_unit("a.service", t),
        lambda t: parse_procfile("Procfile", t),
        lambda t: parse_pm2_document("ecosystem.json", t),
    )
    for _ in range(400):
        chars = list(rnd.choice(seeds))
        for _ in range(rnd.randint(1, 6)):
            pos = rnd.randrange(len(chars) + 1)
            if rnd.random() < 0.4 and chars:
                del chars[min(pos, len(chars) - 1)]
            else:
                chars.insert(pos, rnd.choice(junk))
        text = "".join(chars)
        for parse in parsers:
            try:
                parse(text)
            except (DockerfileProblem, y.YamlProblem) as exc:
                assert "\n" not in str(exc)


def test_evidence_is_capped_but_failures_are_not(tmp_path: Path) -> None:
    files = {f"svc{i:02d}/Dockerfile": "FROM node:20\nUSER node\n" for i in range(15)}
    files.update({f"bad{i:02d}/Dockerfile": "FROM node:20\n" for i in range(12)})
    report = scan(write_tree(tmp_path / "p", files), select=("NW0101",))
    assert len([f for f in report.findings if f.code == "NW0101"]) == 12
    evidence = [e.message for e in report.evidence if e.code == "NW0101"]
    assert len(evidence) == 11
    assert evidence[-1] == "... and 5 more like the above"
