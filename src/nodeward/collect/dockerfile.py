"""Dockerfile parser: directives, continuations, heredocs, ARG/ENV substitution, and multi-stage inheritance.

Follows the BuildKit frontend's reading of a Dockerfile (https://docs.docker.com/reference/dockerfile/) closely
enough to answer what the checks ask: which user and which environment the final stage runs with, and where those
were set. Nothing is executed; variables that depend on build arguments without defaults stay "unresolved".
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from nodeward.findings import AtFileLine, Location

_DIRECTIVE_RE = re.compile(r"^#[ \t]*([A-Za-z][A-Za-z0-9]*)[ \t]*=(.*)$")
_KNOWN_DIRECTIVES = frozenset({"syntax", "escape", "check"})
_INSTRUCTION_RE = re.compile(r"^\s*([A-Za-z]+)(?:\s+(.*))?$", re.DOTALL)
# BuildKit heredocs: <<EOF, <<-EOF, <<"EOF", <<'EOF' (not <<< here-strings).
_HEREDOC_RE = re.compile(r"(?<!<)<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\2")
_HEREDOC_INSTRUCTIONS = frozenset({"RUN", "COPY", "ADD"})
_FLAG_INSTRUCTIONS = frozenset({"FROM", "RUN", "COPY", "ADD", "HEALTHCHECK"})
_VAR_RE = re.compile(r"\\\$|\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))")
MAX_INSTRUCTIONS = 20_000


@dataclass(frozen=True)
class Heredoc:
    delimiter: str
    body: str
    line: int  # first body line


@dataclass(frozen=True)
class Instruction:
    """One instruction of a Dockerfile: keyword upper-cased, arguments with continuations joined."""

    path: str
    line: int
    end_line: int
    keyword: str
    args: str
    flags: Mapping[str, str] = field(default_factory=dict)
    exec_form: tuple[str, ...] | None = None  # CMD ["node", "app.js"]: the JSON array form
    heredocs: tuple[Heredoc, ...] = ()

    @property
    def location(self) -> Location:
        return Location(self.path, self.line, end_line=self.end_line)

    @property
    def command(self) -> str:
        """The command as one string, for exec and shell forms alike."""
        if self.exec_form is not None:
            return " ".join(self.exec_form)
        return self.args


@dataclass(frozen=True)
class Setting(AtFileLine):
    """A value set by an instruction (USER, ENV, ARG), after substitution; `resolved` is False when it depends on
    a build argument or variable whose value we cannot know."""

    value: str
    raw: str
    path: str
    line: int
    resolved: bool = True
    stage: int = 0  # index of the stage whose instruction set it (differs from the stage asked about if inherited)


@dataclass(frozen=True)
class Stage:
    index: int
    name: str | None  # the `AS name`, lower-cased
    base: str  # the image (or earlier stage name) after FROM, with global ARGs substituted
    base_resolved: bool
    from_instruction: Instruction
    instructions: tuple[Instruction, ...]
    parent: int | None  # index of the earlier stage this one is built FROM, if any
    root_image: str  # the external image at the bottom of the FROM chain ("scratch" included)
    user: Setting | None  # effective USER, inherited through FROM <stage>; None means the base image's default
    env: Mapping[str, Setting]  # effective ENV, inherited through FROM <stage>
    cmd: Instruction | None  # effective CMD/ENTRYPOINT, inherited through FROM <stage>
    entrypoint: Instruction | None

    @property
    def location(self) -> Location:
        return self.from_instruction.location

    @property
    def label(self) -> str:
        return f"stage {self.name!r}" if self.name else f"stage {self.index}"


@dataclass(frozen=True)
class Dockerfile:
    path: str
    directives: Mapping[str, str]
    global_args: Mapping[str, Setting]
    stages: tuple[Stage, ...]
    problems: tuple[str, ...] = ()

    @property
    def final_stage(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    @property
    def location(self) -> Location:
        return Location(self.path, 1)


class DockerfileProblem(Exception):
    """The text is not a Dockerfile we can read (one-line message)."""


# --- variables --------------------------------------------------------------------------------------------------


def _expand_var(match: re.Match[str], variables: Mapping[str, Setting | None]) -> tuple[str, bool]:
    """One `$NAME` / `${NAME...}` occurrence: (text, resolved)."""
    name = match.group(1) or match.group(4)
    op, word = match.group(2), match.group(3) or ""
    known = name in variables
    setting = variables.get(name)
    if setting is not None and not setting.resolved:
        # Keep the default visible: `${NODE_ENV:-production}` reads as "production unless overridden".
        return (word if op in (":-", "-") else ""), False
    current = setting.value if setting is not None else None
    if not known:
        if op in (":-", "-"):
            return word, True
        return "", op is not None
    if op == ":-":
        return (current if current else word), True
    if op == "-":
        return (current if current is not None else word), True
    if op == ":+":
        return (word if current else ""), True
    if op == "+":
        return word, True
    return current or "", True


def substitute(value: str, variables: Mapping[str, Setting | None]) -> tuple[str, bool]:
    """Expand $VAR, ${VAR}, ${VAR:-default}, ${VAR:+alt} like BuildKit (no quote handling). Returns (text, resolved).

    A variable that is declared without a known value (ARG without default: a build argument) makes the result
    unresolved; `${VAR:-word}` with such a variable is unresolved too, since the builder may pass VAR.
    """
    resolved = True

    def replace(match: re.Match[str]) -> str:
        nonlocal resolved
        if match.group(0) == "\\$":
            return "$"
        text, ok = _expand_var(match, variables)
        resolved = resolved and ok
        return text

    return _VAR_RE.sub(replace, value), resolved


def expand_word(word: str, variables: Mapping[str, Setting | None]) -> tuple[str, bool]:
    """A shell word as BuildKit reads ENV/ARG values: quotes removed, `'...'` not expanded, `\\x` escapes, and
    variables expanded everywhere else. Returns (text, resolved)."""
    out: list[str] = []
    resolved = True
    quote: str | None = None
    i, n = 0, len(word)
    while i < n:
        c = word[i]
        if quote == "'":
            if c == "'":
                quote = None
            else:
                out.append(c)
            i += 1
            continue
        if c == "'" and quote is None:
            quote = "'"
            i += 1
            continue
        if c == '"':
            quote = None if quote == '"' else '"'
            i += 1
            continue
        if c == "\\" and i + 1 < n:
            nxt = word[i + 1]
            if quote == '"' and nxt not in '"\\$':
                out.append(c)  # inside double quotes only \", \\ and \$ are escapes
            out.append(nxt)
            i += 2
            continue
        if c == "$":
            match = _VAR_RE.match(word, i)
            if match is not None:
                text, ok = _expand_var(match, variables)
                out.append(text)
                resolved = resolved and ok
                i = match.end()
                continue
        out.append(c)
        i += 1
    return "".join(out), resolved


def _split_words(args: str) -> list[str]:
    """Split on unquoted, unescaped whitespace; quotes and escapes stay in the words for expand_word()."""
    words: list[str] = []
    current: list[str] = []
    quote: str | None = None
    i, n = 0, len(args)
    while i < n:
        c = args[i]
        if c == "\\" and i + 1 < n and quote != "'":
            current += [c, args[i + 1]]
            i += 2
            continue
        if quote is not None:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c.isspace():
            if current:
                words.append("".join(current))
                current = []
            i += 1
            continue
        current.append(c)
        i += 1
    if current:
        words.append("".join(current))
    return words


def _parse_key_values(args: str) -> list[tuple[str, str]]:
    """ENV/ARG/LABEL arguments as (key, raw value word): `k=v k2="v 2"`, or the legacy `ENV key value` form.
    A key without `=` (ARG NAME) gets the value "\\0"."""
    args = args.strip()
    if not args:
        return []
    first = re.match(r"^([^\s=]+)(=?)", args)
    if first and not first.group(2):
        # Legacy form: ENV key value (value is the rest of the line) or ARG name (no value).
        parts = args.split(None, 1)
        return [(parts[0], parts[1].strip() if len(parts) > 1 else "\0")]
    pairs = []
    for token in _split_words(args):
        key, sep, value = token.partition("=")
        pairs.append((key, value if sep else "\0"))
    return pairs


# --- reading ----------------------------------------------------------------------------------------------------


@dataclass
class _RawInstruction:
    line: int
    end_line: int
    text: str
    heredocs: list[Heredoc]


def _logical_lines(lines: list[str], escape: str, start: int) -> tuple[list[_RawInstruction], list[str]]:
    """Join continuation lines, drop comments, and consume heredoc bodies. Returns instructions and problems."""
    out: list[_RawInstruction] = []
    problems: list[str] = []
    i = start
    n = len(lines)
    while i < n:
        stripped = lines[i].strip()
        if not stripped or stripped.startswith("#"):
            i += 1
            continue
        first = i
        parts: list[str] = []
        while True:
            line = lines[i]
            trimmed = line.rstrip()
            if trimmed.endswith(escape):
                parts.append(trimmed[:-1])
                i += 1
                # Comment and empty lines inside a continuation are skipped by the builder.
                while i < n and (not lines[i].strip() or lines[i].lstrip().startswith("#")):
                    i += 1
                if i >= n:
                    break
                continue
            parts.append(line)
            i += 1
            break
        text = "".join(parts)
        end = i  # 1-based number of the last physical line consumed
        heredocs: list[Heredoc] = []
        match = _INSTRUCTION_RE.match(text)
        if match and match.group(1).upper() in _HEREDOC_INSTRUCTIONS:
            for doc in _HEREDOC_RE.finditer(text):
                strip_tabs, delimiter = doc.group(1) == "-", doc.group(3)
                body_start = i
                body: list[str] = []
                while i < n:
                    candidate = lines[i].lstrip("\t") if strip_tabs else lines[i]
                    i += 1
                    if candidate.rstrip("\r") == delimiter:
                        break
                    body.append(candidate)
                else:
                    problems.append(f"heredoc <<{delimiter} opened at line {first + 1} is never closed")
                heredocs.append(Heredoc(delimiter, "\n".join(body), body_start + 1))
                end = i
        out.append(_RawInstruction(first + 1, max(end, first + 1), text, heredocs))
        if len(out) > MAX_INSTRUCTIONS:
            problems.append(f"more than {MAX_INSTRUCTIONS} instructions; the rest was not read")
            break
    return out, problems


def _read_directives(lines: list[str]) -> tuple[dict[str, str], int]:
    directives: dict[str, str] = {}
    for i, line in enumerate(lines):
        match = _DIRECTIVE_RE.match(line.strip())
        if not match or match.group(1).lower() not in _KNOWN_DIRECTIVES:
            return directives, i
        key = match.group(1).lower()
        if key in directives:
            return directives, i  # a repeated directive is a comment, and ends the directive block
        directives[key] = match.group(2).strip()
    return directives, len(lines)


def _split_flags(args: str) -> tuple[dict[str, str], str]:
    flags: dict[str, str] = {}
    rest = args.lstrip()
    while rest.startswith("--"):
        token, _, remainder = rest.partition(" ")
        name, _, value = token[2:].partition("=")
        flags[name.lower()] = value
        rest = remainder.lstrip()
    return flags, rest


def _exec_form(args: str) -> tuple[str, ...] | None:
    stripped = args.strip()
    if not stripped.startswith("["):
        return None
    try:
        value = json.loads(stripped)
    except ValueError:
        return None  # BuildKit then runs it in shell form
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def parse_dockerfile(path: str, text: str) -> Dockerfile:
    """Parse a Dockerfile's text. Raises DockerfileProblem only when nothing usable is in it."""
    lines = text.splitlines()
    directives, start = _read_directives(lines)
    escape = directives.get("escape", "\\")
    if escape not in ("\\", "`"):
        escape = "\\"
    raw, problems = _logical_lines(lines, escape, start)

    instructions: list[Instruction] = []
    for item in raw:
        match = _INSTRUCTION_RE.match(item.text)
        if not match:
            problems.append(f"line {item.line}: not an instruction")
            continue
        keyword = match.group(1).upper()
        args = (match.group(2) or "").strip()
        flags: dict[str, str] = {}
        if keyword in _FLAG_INSTRUCTIONS:
            flags, args = _split_flags(args)
        exec_form = _exec_form(args) if keyword in {"CMD", "ENTRYPOINT", "RUN", "SHELL"} else None
        instructions.append(
            Instruction(path, item.line, item.end_line, keyword, args, flags, exec_form, tuple(item.heredocs))
        )

    global_args: dict[str, Setting] = {}
    stages: list[Stage] = []
    current: list[Instruction] | None = None
    pending_from: Instruction | None = None

    def close_stage() -> None:
        if pending_from is not None and current is not None:
            stages.append(_build_stage(len(stages), pending_from, current, global_args, stages))

    for ins in instructions:
        if ins.keyword == "FROM":
            close_stage()
            pending_from, current = ins, []
        elif current is None:
            if ins.keyword == "ARG":
                for key, value in _parse_key_values(ins.args):
                    if value == "\0":
                        global_args[key] = Setting("", ins.args, path, ins.line, resolved=False)
                    else:
                        expanded, ok = expand_word(value, global_args)
                        global_args[key] = Setting(expanded, value, path, ins.line, resolved=ok)
            else:
                problems.append(f"line {ins.line}: {ins.keyword} before the first FROM")
        else:
            current.append(ins)
    close_stage()
    if not stages and instructions:
        raise DockerfileProblem("no FROM instruction")
    return Dockerfile(path, directives, global_args, tuple(stages), tuple(problems))


def _build_stage(
    index: int,
    from_ins: Instruction,
    body: list[Instruction],
    global_args: Mapping[str, Setting],
    earlier: list[Stage],
) -> Stage:
    path = from_ins.path
    tokens = from_ins.args.split()
    image_raw = tokens[0] if tokens else ""
    name = tokens[2].lower() if len(tokens) >= 3 and tokens[1].lower() == "as" else None
    base, base_resolved = substitute(image_raw, global_args)
    parent = next((s for s in reversed(earlier) if s.name and s.name == base.lower()), None)

    env: dict[str, Setting] = dict(parent.env) if parent else {}
    user = parent.user if parent else None
    cmd = parent.cmd if parent else None
    entrypoint = parent.entrypoint if parent else None
    args: dict[str, Setting] = {}
    cmd_set = False
    for ins in body:
        variables: dict[str, Setting] = {**args, **env}
        if ins.keyword == "ARG":
            for key, value in _parse_key_values(ins.args):
                if value == "\0":
                    # `ARG NAME` in a stage re-imports a global ARG's default, or declares a build argument.
                    inherited = global_args.get(key)
                    args[key] = inherited or Setting("", ins.args, path, ins.line, resolved=False, stage=index)
                else:
                    expanded, ok = expand_word(value, variables)
                    # A build argument with a default can still be overridden with --build-arg.
                    args[key] = Setting(expanded, value, path, ins.line, resolved=ok, stage=index)
        elif ins.keyword == "ENV":
            for key, value in _parse_key_values(ins.args):
                if value == "\0":
                    continue
                expanded, ok = expand_word(value, variables)
                env[key] = Setting(expanded, value, path, ins.line, resolved=ok, stage=index)
        elif ins.keyword == "USER":
            expanded, ok = substitute(ins.args.strip(), variables)
            user = Setting(expanded, ins.args.strip(), path, ins.line, resolved=ok, stage=index)
        elif ins.keyword == "CMD":
            cmd, cmd_set = ins, True
        elif ins.keyword == "ENTRYPOINT":
            entrypoint = ins
            if not cmd_set:
                cmd = None  # ENTRYPOINT resets a CMD inherited from the base image (not one set in this stage)
    root_image = parent.root_image if parent else base
    return Stage(
        index=index,
        name=name,
        base=base,
        base_resolved=base_resolved,
        from_instruction=from_ins,
        instructions=tuple(body),
        parent=parent.index if parent else None,
        root_image=root_image,
        user=user,
        env=env,
        cmd=cmd,
        entrypoint=entrypoint,
    )
