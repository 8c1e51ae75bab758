"""``ctpat completion bash|zsh``: the shell completion script, written by shtab (private)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any, TextIO

from ctpat.cli._exit import ExitCode, MissingExtra
from ctpat.cli._options import examples

__all__ = ["register"]


def register(command: Any, parser: Callable[[], argparse.ArgumentParser]) -> None:
    """Add ``completion``; ``parser`` builds the parser whose completion is written."""
    p = command(
        "completion",
        examples(
            "ctpat completion bash > ~/.local/share/bash-completion/completions/ctpat",
            "ctpat completion zsh > ~/.zfunc/_ctpat",
        ),
    )
    p.add_argument("shell", choices=("bash", "zsh"), help="the shell")

    def run(args: argparse.Namespace, out: TextIO) -> int:
        try:
            import shtab
        except ImportError:
            raise MissingExtra(
                "shell completion needs the completion extra: pip install 'ctpat[completion]'"
            ) from None
        out.write(shtab.complete(parser(), shell=args.shell))
        return ExitCode.OK

    p.set_defaults(run=run)
