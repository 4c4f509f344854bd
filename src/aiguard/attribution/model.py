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
    kind: str = ''  # identity | trailer | recorded | message | env | process | ledger | content | declared
    #               | note | warning (weight 0: shown, never scored)


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


def agent_evidence(signals: Sequence[Signal]) -> list[Signal]:
    """The assistant's own evidence, which a declaration of no AI use never outweighs: an
    agent identity, lines in the edit ledger, an agent session's environment or process
    (not the weak IDE-terminal hints), and aiguard's record of such a conflict."""
    return [s for s in signals if s.kind == 'identity' or (not s.inherited and (
        s.kind in ('ledger', 'recorded') or (s.kind in ('env', 'process') and s.weight >= 50)))]


def from_signals(signals: Sequence[Signal], threshold: int, declared_human: bool = False,
                 model: str | None = None) -> Attribution:
    """Sum the weights (capped at 100) and decide against `threshold`.

    Content heuristics together add at most CONTENT_CAP, so they never
    decide alone. A human declaration (`AI-Assisted: none`, `AIGUARD_AI=none`)
    wins over trailers, message lines and content, never over the assistant's
    own evidence (agent_evidence): that conflict is reported as a warning.
    """
    content = min(CONTENT_CAP, sum(s.weight for s in signals if s.kind == 'content'))
    other = sum(s.weight for s in signals if s.kind != 'content')
    score = float(min(100, content + other))
    tools = tuple(dict.fromkeys(
        s.tool for s in sorted(signals, key=lambda s: -s.weight) if s.tool and s.tool != 'unspecified'
    ))
    if not tools and any(s.tool == 'unspecified' for s in signals):
        tools = ('unspecified',)
    ai = score >= threshold
    if declared_human:
        agents = agent_evidence(signals)
        ai = ai and bool(agents)
        if ai:
            names = ', '.join(dict.fromkeys(s.name for s in agents))
            signals = [*signals, Signal(
                'warning:declared-human-conflict', 0,
                f'declared human (AI-Assisted: none / AIGUARD_AI=none), but the assistant\'s own evidence '
                f'({names}) says otherwise: counted as AI-assisted', None, False, 'warning')]
    reasons = tuple(s.reason for s in signals)
    if declared_human and not ai:
        reasons = (*reasons, 'declared human-only (AI-Assisted: none / AIGUARD_AI=none)')
    return Attribution(ai, score, tools, reasons, tuple(signals), declared_human, model)
