"""How often the own trial's arms name a prompt's intervention, on ei-dev.

    .venv/bin/python scripts/eval_arms.py [train|aside] [--show N]

For each Evidence Inference prompt of `../shared/ei-dev`, `trial_arms` reads its
article; a prompt counts when the experimental arm names the prompt's intervention, or
the control arm names it and the experimental arm the comparator (by `score.py`'s
`overlap`). aside = articles whose PMC number ends in 0 or 5 (never trained on).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_result_models import load_score  # noqa: E402

from ingest.assemble.arms import trial_arms  # noqa: E402
from ingest.assemble.group_labels import described, group_meanings  # noqa: E402
from ingest.components.paper_context import context_of  # noqa: E402
from ingest.readers import read_document  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("part", choices=("train", "aside"), nargs="?", default="train")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "ei-dev")
    parser.add_argument("--show", type=int, default=0, help="misses to print")
    parser.add_argument("--rules-only", action="store_true", help="without the arm tagger")
    parser.add_argument(
        "--tagger",
        type=Path,
        help="folder of another arm_tagger.npz (train_arm_tagger.py --without-quarter --out DIR)",
    )
    args = parser.parse_args()
    if args.tagger:
        from ingest.assemble import arm_mentions
        from ingest.components.arm_tagger import ArmTagger

        other = ArmTagger.load(args.tagger)
        arm_mentions.load_arm_tagger = lambda: other  # type: ignore[assignment]
    score = load_score(args.data)
    prompts: dict[str, list[dict]] = defaultdict(list)
    for line in (args.data / "gold.jsonl").read_text().splitlines():
        row = json.loads(line)
        prompts[row["pmcid"]].append(row)
    hits = total = 0
    quarter = [0, 0]  # the train quarter held out for choices (PMC number ends in 4 or 8)
    show = args.show
    for pmcid, rows in prompts.items():
        if (int(pmcid[3:]) % 5 == 0) != (args.part == "aside"):
            continue
        doc = read_document(args.data / "articles" / f"{pmcid}.nxml")
        paragraphs = [(p.section, p.text, p.start) for p in doc.paragraphs]
        arms = trial_arms(doc.title, paragraphs, not args.rules_only, context_of(doc))
        meanings = group_meanings(paragraphs)
        e = described(arms.experimental.name, meanings) if arms.experimental else ""
        c = described(arms.control.name, meanings) if arms.control else ""
        for row in rows:
            total += 1
            forward = score.overlap(e, row["intervention"])[0]
            reverse = (
                score.overlap(c, row["intervention"])[0] and score.overlap(e, row["comparator"])[0]
            )
            hits += bool(forward or reverse)
            if int(pmcid[-1]) % 4 == 0 and args.part == "train":
                quarter[0] += bool(forward or reverse)
                quarter[1] += 1
            if show > 0 and not (forward or reverse):
                show -= 1
                print(pmcid, "| I:", row["intervention"][:60], "| C:", row["comparator"][:40])
                print("    arms:", [(described(a.name, meanings), a.role) for a in arms.arms])
    print(
        f"{args.part}: arms name the prompt's intervention for {hits} of {total} ({hits / total:.3f})"
    )
    if quarter[1]:
        print(
            f"  of which the held quarter: {quarter[0]} of {quarter[1]} ({quarter[0] / quarter[1]:.3f})"
        )


if __name__ == "__main__":
    main()
