"""CI parsing: each system's jobs, and the commands/actions they run, at their lines."""

from __future__ import annotations

from nodeward.collect.ci_workflows import parse_ci_file
from nodeward.collect.manifests import ci_system


def cmds(workflow):
    return [(c.job, c.kind, c.text, c.line) for c in workflow.commands()]


def test_ci_system_by_path():
    assert ci_system(".github/workflows/ci.yml") == "github"
    assert ci_system(".gitlab-ci.yml") == "gitlab"
    assert ci_system(".circleci/config.yml") == "circleci"
    assert ci_system("azure-pipelines.yml") == "azure"
    assert ci_system("bitbucket-pipelines.yml") == "bitbucket"
    assert ci_system("Jenkinsfile") == "jenkins"
    assert ci_system("docs/workflows/ci.yml") is None
    assert ci_system(".github/dependabot.yml") is None


def test_github_actions_steps_run_blocks_and_uses():
    text = (
        "name: CI\n"
        "on: [push]\n"
        "jobs:\n"
        "  test:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: npm ci\n"
        "      - name: audit\n"
        "        run: |\n"
        "          # comment\n"
        "          npm audit --audit-level=high\n"
        "          npm test\n"
        "  codeql:\n"
        "    uses: ./.github/workflows/codeql.yml\n"
    )
    wf = parse_ci_file(".github/workflows/ci.yml", "github", text)
    assert wf.system_name == "GitHub Actions"
    assert [(j.name, j.line) for j in wf.jobs] == [("test", 4), ("codeql", 14)]
    assert cmds(wf) == [
        ("test", "uses", "actions/checkout@v4", 7),
        ("test", "run", "npm ci", 8),
        ("test", "run", "npm audit --audit-level=high", 12),
        ("test", "run", "npm test", 13),
        ("codeql", "uses", "./.github/workflows/codeql.yml", 15),
    ]


def test_github_action_with_params():
    text = (
        "jobs:\n  a:\n    steps:\n"
        "      - uses: github/codeql-action/init@v3\n        with:\n          languages: javascript\n"
    )
    [c] = parse_ci_file("w.yml", "github", text).commands()
    assert c.param("languages") == "javascript"


def test_gitlab_jobs_scripts_includes_and_images():
    text = (
        "include:\n"
        "  - template: Security/SAST.gitlab-ci.yml\n"
        "  - local: ci/lint.yml\n"
        "stages: [test]\n"
        "audit:\n"
        "  image: node:20\n"
        "  script:\n"
        "    - npm ci\n"
        "    - npm audit --omit=dev\n"
        "semgrep:\n"
        "  image: semgrep/semgrep\n"
        "  script: semgrep ci\n"
    )
    wf = parse_ci_file(".gitlab-ci.yml", "gitlab", text)
    assert cmds(wf) == [
        ("include", "include", "template: Security/SAST.gitlab-ci.yml", 2),
        ("include", "include", "local: ci/lint.yml", 3),
        ("audit", "image", "node:20", 6),
        ("audit", "run", "npm ci", 8),
        ("audit", "run", "npm audit --omit=dev", 9),
        ("semgrep", "image", "semgrep/semgrep", 11),
        ("semgrep", "run", "semgrep ci", 12),
    ]


def test_circleci_runs_orbs_and_workflow_orb_jobs():
    text = (
        "version: 2.1\n"
        "orbs:\n"
        "  snyk: snyk/snyk@2.0.0\n"
        "jobs:\n"
        "  build:\n"
        "    docker:\n"
        "      - image: cimg/node:20.11\n"
        "    steps:\n"
        "      - checkout\n"
        "      - run: npm ci\n"
        "      - run:\n"
        "          name: Audit\n"
        "          command: npx audit-ci --high\n"
        "      - snyk/scan:\n"
        "          severity-threshold: high\n"
        "workflows:\n"
        "  main:\n"
        "    jobs:\n"
        "      - build\n"
    )
    wf = parse_ci_file(".circleci/config.yml", "circleci", text)
    assert cmds(wf) == [
        ("orbs", "orb", "snyk: snyk/snyk@2.0.0", 3),
        ("build", "image", "cimg/node:20.11", 7),
        ("build", "run", "npm ci", 10),
        ("build", "run", "npx audit-ci --high", 13),
        ("build", "orb", "snyk/scan", 14),
    ]
    assert [c for c in wf.commands() if c.kind == "orb"][1].param("severity-threshold") == "high"


def test_azure_pipelines_stages_jobs_scripts_and_npm_task():
    text = (
        "trigger: [main]\n"
        "stages:\n"
        "  - stage: Test\n"
        "    jobs:\n"
        "      - job: Audit\n"
        "        steps:\n"
        "          - script: npm ci\n"
        "          - task: Npm@1\n"
        "            inputs:\n"
        "              command: custom\n"
        "              customCommand: audit --audit-level=moderate\n"
        "          - task: SnykSecurityScan@1\n"
    )
    wf = parse_ci_file("azure-pipelines.yml", "azure", text)
    assert cmds(wf) == [
        ("Audit", "run", "npm ci", 7),
        ("Audit", "task", "Npm@1", 8),
        ("Audit", "run", "npm audit --audit-level=moderate", 11),
        ("Audit", "task", "SnykSecurityScan@1", 12),
    ]


def test_azure_top_level_steps():
    wf = parse_ci_file("azure-pipelines.yml", "azure", "steps:\n  - bash: |\n      npm ci\n      npm audit\n")
    assert cmds(wf) == [("pipeline", "run", "npm ci", 3), ("pipeline", "run", "npm audit", 4)]


def test_bitbucket_steps_parallel_and_pipes():
    text = (
        "image: node:20\n"
        "pipelines:\n"
        "  default:\n"
        "    - parallel:\n"
        "        - step:\n"
        "            name: Audit\n"
        "            script:\n"
        "              - npm audit\n"
        "        - step:\n"
        "            name: Snyk\n"
        "            script:\n"
        "              - pipe: snyk/snyk-scan:1.0.1\n"
        "                variables:\n"
        "                  LANGUAGE: npm\n"
    )
    wf = parse_ci_file("bitbucket-pipelines.yml", "bitbucket", text)
    assert cmds(wf) == [("Audit", "run", "npm audit", 8), ("Snyk", "pipe", "snyk/snyk-scan:1.0.1", 12)]
    assert list(wf.commands())[1].param("LANGUAGE") == "npm"


def test_jenkinsfile_lines_by_stage_skipping_comments():
    text = (
        "pipeline {\n"
        "  agent any\n"
        "  stages {\n"
        "    stage('Audit') {\n"
        "      steps {\n"
        "        // sh 'npm audit' is commented out here\n"
        "        sh 'npm audit --audit-level=high'\n"
        "      }\n"
        "    }\n"
        "    /* stage('Old') {\n"
        "       sh 'snyk test' } */\n"
        "  }\n"
        "}\n"
    )
    wf = parse_ci_file("Jenkinsfile", "jenkins", text)
    audit = [c for c in wf.commands() if "audit" in c.text]
    assert [(c.job, c.text, c.line) for c in audit] == [("Audit", "sh 'npm audit --audit-level=high'", 7)]
    assert not any("snyk" in c.text for c in wf.commands())


def test_travis_phases_and_included_jobs_inherit_the_top_level_phases():
    from nodeward.collect.manifests import ci_system

    assert ci_system(".travis.yml") == "travis"
    assert ci_system("sub/.travis.yml") is None  # Travis reads the repository root only
    text = (
        "language: node_js\n"
        "install:\n"
        "  - npm ci\n"
        "script: npm test\n"
        "jobs:\n"
        "  include:\n"
        "    - stage: security\n"
        "      script:\n"
        "        - npm audit --audit-level=high\n"
        "    - name: lint\n"
        "      before_script: npm run lint\n"
    )
    wf = parse_ci_file(".travis.yml", "travis", text)
    assert wf.system_name == "Travis CI"
    assert cmds(wf) == [
        ("default", "run", "npm ci", 3),
        ("default", "run", "npm test", 4),
        ("security", "run", "npm ci", 3),
        ("security", "run", "npm audit --audit-level=high", 9),
        ("lint", "run", "npm ci", 3),
        ("lint", "run", "npm run lint", 11),
        ("lint", "run", "npm test", 4),
    ]
