"""The criteria a new decision matrix starts from, taken from how candidates actually reason about offers."""

from decimal import Decimal

# (name, description, weight)
DEFAULT_CRITERIA = [
    ("Research fit and freedom", "Can I work on what I want, with whom I want?", Decimal(3)),
    ("Resources and compute", "Start-up, GPUs or cluster time, lab space, engineering support.", Decimal(2)),
    ("Focus (few hats rather than many)", "Research time left after teaching, service, product work.", Decimal(2)),
    ("Mentoring and students", "Access to good students or juniors, and support for mentoring them.", Decimal(1)),
    ("Location and city", "The place to live: partner, family, cost of living, climate.", Decimal(2)),
    ("Compensation", "Annual cash, bonuses and equity, against the cost of living.", Decimal(1)),
    ("Job security", "Tenure prospects, team stability, funding.", Decimal(1)),
    ("Colleagues and network", "People to learn from and work with.", Decimal(1)),
    ("Speed of impact", "How soon the work reaches people.", Decimal(1)),
]
