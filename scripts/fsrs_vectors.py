"""Writes Tests/Fixtures/fsrs/vectors.json: review sequences scheduled by the reference FSRS
implementation (PyPI `fsrs`, FSRS-6, fuzz off), for FlowCoachCoreTests/FSRSTests to match.

    python3 -m venv /tmp/fsrs && /tmp/fsrs/bin/pip install fsrs==6.3.2
    /tmp/fsrs/bin/python scripts/fsrs_vectors.py
"""
import json
import os
import random
from datetime import datetime, timedelta, timezone

from fsrs import Card, Rating, Scheduler

START = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "Fixtures", "fsrs", "vectors.json")


def epoch(moment):
    return int(moment.timestamp())


def run(scheduler, grades, delays):
    """Reviews a new card with `grades`; each review happens `delay` seconds after the card is due
    (negative: early)."""
    card = Card(due=START)
    now = START
    reviews = []
    for grade, delay in zip(grades, delays):
        now = max(now, card.due + timedelta(seconds=delay))
        now = now.replace(microsecond=0)
        card, _ = scheduler.review_card(card, Rating(grade), review_datetime=now)
        reviews.append({
            "at": epoch(now), "grade": grade, "stability": card.stability, "difficulty": card.difficulty,
            "due": epoch(card.due), "state": card.state.name.lower(), "step": card.step,
        })
    return reviews


def main():
    rng = random.Random(20261125)
    settings = [
        {"desired_retention": 0.9, "learning_steps": [60, 600], "relearning_steps": [600]},
        {"desired_retention": 0.85, "learning_steps": [], "relearning_steps": []},
        {"desired_retention": 0.95, "learning_steps": [600], "relearning_steps": [300, 3600]},
    ]
    fixed = [[3, 3, 3, 3, 3, 3], [1, 1, 3, 3, 4, 4], [4, 4, 4, 4], [2, 2, 2, 2, 2, 2], [3, 3, 3, 1, 3, 3, 3], [1, 2, 3, 4, 1, 2, 3, 4]]
    cases = []
    for config in settings:
        scheduler = Scheduler(
            desired_retention=config["desired_retention"],
            learning_steps=[timedelta(seconds=s) for s in config["learning_steps"]],
            relearning_steps=[timedelta(seconds=s) for s in config["relearning_steps"]],
            enable_fuzzing=False)
        sequences = [(g, [0] * len(g)) for g in fixed]
        for _ in range(20):
            length = rng.randint(4, 14)
            grades = [rng.choice([1, 2, 3, 3, 3, 4]) for _ in range(length)]
            delays = [rng.choice([0, 0, 3600, 43200, 86400, 3 * 86400, 10 * 86400, -43200]) for _ in range(length)]
            sequences.append((grades, delays))
        for grades, delays in sequences:
            cases.append({**config, "start": epoch(START), "delays": delays, "reviews": run(scheduler, grades, delays)})
    with open(OUT, "w") as f:
        json.dump({"generator": "fsrs 6.3.2, enable_fuzzing=False", "cases": cases}, f, indent=1)
    print(f"wrote {len(cases)} cases to {os.path.normpath(OUT)}")


main()
