"""The automation's periodic jobs (see ``scheduler.py``)."""

from datetime import timedelta

from .rules import check_deadlines
from .scheduler import periodic_job

periodic_job("check_deadlines", every=timedelta(minutes=5))(check_deadlines)
