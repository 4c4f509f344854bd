"""Attribution: was a change made with an AI assistant, and why we think so."""
from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping, Sequence

from aiguard.changes import ChangedFile
from aiguard.config import Config
from aiguard.git import CommitInfo


@dataclasses.dataclass(frozen=True)
class Signal:
    """One piece of evidence, with the weight it adds and a reason to show."""

    name: str
    weight: int
    reason: str
    tool: str | None = None
    inherited: bool = False


@dataclasses.dataclass(frozen=True)
class Attribution:
    """The verdict for one change; `reasons` are readable sentences."""

    ai_assisted: bool
    score: float
    tools: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    signals: tuple[Signal, ...] = ()
    declared_human: bool = False

    def to_json(self) -> dict[str, object]:
        return {
            'ai_assisted': self.ai_assisted,
            'score': self.score,
            'tools': list(self.tools),
            'reasons': list(self.reasons),
        }


HUMAN = Attribution(ai_assisted=False, score=0.0)


def from_signals(signals: Sequence[Signal], threshold: int, declared_human: bool = False) -> Attribution:
    """Sum the weights (capped at 100) and decide against `threshold`."""
    score = float(min(100, sum(s.weight for s in signals)))
    tools = tuple(dict.fromkeys(s.tool for s in signals if s.tool))
    reasons = tuple(s.reason for s in signals)
    ai = score >= threshold and not declared_human
    return Attribution(ai, score, tools, reasons, tuple(signals), declared_human)


def attribute_pending(
        root: str, config: Config, files: Sequence[ChangedFile],
        message: str | None = None, environ: Mapping[str, str] | None = None,
) -> Attribution:
    """Attribution of the change being committed now."""
    env = os.environ if environ is None else environ
    signals = []
    declared = env.get('AIGUARD_AI', '').strip()
    if declared and declared.lower() not in ('0', 'no', 'none', 'false'):
        signals.append(Signal('declared:AIGUARD_AI', 100, f'declared with AIGUARD_AI={declared}', declared))
    return from_signals(signals, config.attribution.threshold)


def attribute_commit(root: str, config: Config, info: CommitInfo,
                     files: Sequence[ChangedFile]) -> Attribution:
    """Attribution of a recorded commit (range mode, `aiguard attribution REV`)."""
    return from_signals([], config.attribution.threshold)
