"""Default stage templates for the two pipelines."""

from jobtracker.pipeline.models import Stage

C = Stage.Category

# (name, category, marks_submission)
FACULTY_STAGES = [
    ("Interested", C.OPEN, False),
    ("Preparing", C.OPEN, False),
    ("Submitted", C.OPEN, True),
    ("First-round interview", C.OPEN, False),
    ("Campus visit", C.OPEN, False),
    ("Offer", C.OFFER, False),
    ("Negotiating", C.OFFER, False),
    ("Accepted", C.WON, False),
    ("Declined", C.WITHDRAWN, False),
    ("Rejected", C.LOST, False),
    ("Withdrawn", C.WITHDRAWN, False),
    ("No response", C.LOST, False),
]

INDUSTRY_STAGES = [
    ("Interested", C.OPEN, False),
    ("Referred or applied", C.OPEN, True),
    ("Recruiter screen", C.OPEN, False),
    ("Interviews", C.OPEN, False),
    ("Onsite and job talk", C.OPEN, False),
    ("Team match", C.OPEN, False),
    ("Offer", C.OFFER, False),
    ("Negotiating", C.OFFER, False),
    ("Accepted", C.WON, False),
    ("Declined", C.WITHDRAWN, False),
    ("Rejected", C.LOST, False),
    ("Withdrawn", C.WITHDRAWN, False),
]

DEFAULT_STAGES = {Stage.Track.FACULTY: FACULTY_STAGES, Stage.Track.INDUSTRY: INDUSTRY_STAGES}
