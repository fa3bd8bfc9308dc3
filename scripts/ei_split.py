"""Split ei-dev's gold prompts into the part set aside (PMC number ending in 0 or 5) and
the training part: `python3 scripts/ei_split.py GOLD.jsonl OUTDIR`."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def is_aside(pmcid: str) -> bool:
    return int(pmcid.upper().removeprefix("PMC")) % 5 == 0


def main(gold: str, out: str) -> None:
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    with (
        open(gold, encoding="utf-8") as src,
        open(folder / "aside.jsonl", "w", encoding="utf-8") as aside,
        open(folder / "train.jsonl", "w", encoding="utf-8") as train,
    ):
        for line in src:
            if line.strip():
                (aside if is_aside(json.loads(line)["pmcid"]) else train).write(line)


if __name__ == "__main__":
    main(*sys.argv[1:3])
