"""Known programming languages and their aliases ("py" → Python, "ts" → TypeScript)."""

from __future__ import annotations

from poc_tracker.errors import Invalid

LANGUAGES: dict[str, tuple[str, ...]] = {
    "Python": ("py", "python3"),
    "JavaScript": ("js", "node", "nodejs"),
    "TypeScript": ("ts",),
    "Java": (),
    "Kotlin": ("kt",),
    "Go": ("golang",),
    "Rust": ("rs",),
    "C": (),
    "C++": ("cpp", "cxx"),
    "C#": ("csharp", "cs", "dotnet"),
    "PHP": (),
    "Ruby": ("rb",),
    "Swift": (),
    "Dart": ("flutter",),
    "Scala": (),
    "Elixir": ("ex",),
    "Clojure": ("clj",),
    "Haskell": ("hs",),
    "R": (),
    "Julia": ("jl",),
    "Lua": (),
    "Shell": ("bash", "sh", "zsh"),
    "SQL": ("postgresql", "plpgsql"),
    "HTML/CSS": ("html", "css"),
    "Terraform": ("tf", "hcl"),
    "Outra": ("other", "outro"),
}

_LOOKUP = {name.lower(): name for name in LANGUAGES} | {
    alias: name for name, aliases in LANGUAGES.items() for alias in aliases
}

EXTENSIONS = {
    ".py": "python",
    ".js": "javascript",
    ".mjs": "javascript",
    ".jsx": "jsx",
    ".ts": "typescript",
    ".tsx": "tsx",
    ".java": "java",
    ".kt": "kotlin",
    ".go": "go",
    ".rs": "rust",
    ".c": "c",
    ".h": "c",
    ".cpp": "cpp",
    ".cc": "cpp",
    ".hpp": "cpp",
    ".cs": "csharp",
    ".php": "php",
    ".rb": "ruby",
    ".swift": "swift",
    ".dart": "dart",
    ".scala": "scala",
    ".ex": "elixir",
    ".exs": "elixir",
    ".clj": "clojure",
    ".hs": "haskell",
    ".r": "r",
    ".jl": "julia",
    ".lua": "lua",
    ".sh": "bash",
    ".sql": "sql",
    ".html": "html",
    ".css": "css",
    ".tf": "hcl",
    ".json": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".toml": "toml",
    ".md": "markdown",
    ".xml": "xml",
    ".dockerfile": "docker",
}


def canonical_language(value: str) -> str:
    """The known name of a language given its name or an alias, or Invalid."""
    name = _LOOKUP.get((value or "").strip().lower())
    if name is None:
        raise Invalid(
            "Linguagem desconhecida: {value}.",
            code="unknown_language",
            details={"field": "language", "known": list(LANGUAGES)},
            value=value,
        )
    return name


def highlight_language(path: str) -> str:
    """The syntax-highlighting language for a file name (plain text when unknown)."""
    lower = path.lower()
    if lower.endswith("dockerfile"):
        return "docker"
    dot = lower.rfind(".")
    return EXTENSIONS.get(lower[dot:], "text") if dot >= 0 else "text"
