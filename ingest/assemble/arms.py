"""The arms of the paper's own trial: what each is called, its role and its size.

Assembly reads the arms once (`trial_arms`) and hands them to the table and sentence
readers, which name a finding's intervention and comparator by them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

CONTROL = re.compile(
    r"\b(?:control|wait[\s-]*list(?:ed)?|waiting[\s-]*list|usual care|treatment as usual|"
    r"\bTAU\b|placebo|sham|standard care|no[\s-]treatment|comparison|attention control)\b",
    re.I,
)


@dataclass(frozen=True)
class Arm:
    name: str  # as the paper names it: "MBSR", "wait-list control"
    role: str  # experimental | control
    n: str = ""
    start: int = -1  # where the paper names it, in Document.text
    end: int = -1


@dataclass
class TrialArms:
    """The own trial's arms, experimental ones first."""

    arms: list[Arm] = field(default_factory=list)

    @property
    def experimental(self) -> Arm | None:
        return next((a for a in self.arms if a.role == "experimental"), None)

    @property
    def control(self) -> Arm | None:
        return next((a for a in self.arms if a.role == "control"), None)

    def named(self, text: str) -> Arm | None:
        """The arm a header or a phrase names ('MBSR (n = 52)', 'the wait-list group')."""
        low = text.lower()
        best = None
        for arm in self.arms:
            words = [w for w in re.findall(r"[a-z0-9]+", arm.name.lower()) if len(w) > 2]
            if arm.name.lower() in low or (words and all(w in low for w in words)):
                if best is None or len(arm.name) > len(best.name):
                    best = arm
        if best is None and CONTROL.search(text):
            return self.control
        return best

    def comparison(self, intervention: str = "", comparator: str = "") -> str:
        """'X vs Y' from the arms, '' when either side is unknown."""
        left = intervention or (self.experimental.name if self.experimental else "")
        right = comparator or (self.control.name if self.control else "")
        return f"{left} vs {right}" if left and right and left != right else ""


def role_of(name: str) -> str:
    return "control" if CONTROL.search(name) else "experimental"
