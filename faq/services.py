"""Writes of the FAQ: a visitor's helpfulness vote."""

from django.db import IntegrityError, transaction
from wagtail.models import Page

from .models import HelpfulnessVote


def helpfulness_vote_record(*, page: Page, question_id: str, visitor: str, helpful: bool) -> bool:
    """Count the visitor's vote on one question once; True when it was counted, False if already voted."""
    try:
        with transaction.atomic():
            HelpfulnessVote.objects.create(page=page, question_id=question_id, visitor=visitor, helpful=helpful)
    except IntegrityError:
        return False
    return True
