"""Signal and Attribution: the evidence and the verdict."""
from __future__ import annotations

from collections.abc import Sequence

from aiguard import records


@records.record(frozen=True)
class Signal:
    """One piece of evidence, with the weight it adds and a reason to show."""

    name: str
    weight: int
    reason: str
    tool: str | None = None
    inherited: bool = False
    kind: str = ''  # identity | trailer | message | env | process | content | declared


@records.record(frozen=True)
class Attribution:
    """The verdict for one change; `reasons` are readable sentences."""

    ai_assisted: bool
    score: float
    tools: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    signals: tuple[Signal, ...] = ()
    declared_human: bool = False
    model: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            'ai_assisted': self.ai_assisted,
            'score': self.score,
            'tools': list(self.tools),
            'reasons': list(self.reasons),
        }


HUMAN = Attribution(ai_assisted=False, score=0.0)
CONTENT_CAP = 25


def from_signals(signals: Sequence[Signal], threshold: int, declared_human: bool = False,
                 model: str | None = None) -> Attribution:
    """Sum the weights (capped at 100) and decide against `threshold`.

    Content heuristics together add at most CONTENT_CAP, so they never
    decide alone. A human declaration (`AI-Assisted: none`) wins over every
    signal except an agent's own author or committer identity.
    """
    content = min(CONTENT_CAP, sum(s.weight for s in signals if s.kind == 'content'))
    other = sum(s.weight for s in signals if s.kind != 'content')
    score = float(min(100, content + other))
    tools = tuple(dict.fromkeys(
        s.tool for s in sorted(signals, key=lambda s: -s.weight) if s.tool and s.tool != 'unspecified'
    ))
    if not tools and any(s.tool == 'unspecified' for s in signals):
        tools = ('unspecified',)
    reasons = tuple(s.reason for s in signals)
    ai = score >= threshold
    if declared_human:
        reasons = (*reasons, 'declared human-only (AI-Assisted: none / AIGUARD_AI=none)')
        ai = ai and any(s.kind == 'identity' for s in signals)
    return Attribution(ai, score, tools, reasons, tuple(signals), declared_human, model)
