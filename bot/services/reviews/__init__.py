"""Country reviews: opening and moving them, their status cards, reminders and channels."""

from bot.services.reviews._reconciler import HandOver, Reconciler
from bot.services.reviews._replies import closed_reply, review_choice
from bot.services.reviews._scope import review_scope
from bot.services.reviews._service import ReviewService
from bot.services.reviews._text import CLUSTER, INSTRUMENT, STAGE, articles, long_day
from bot.services.reviews._views import ReviewView, load_views, status_card
from bot.services.reviews._waiting import Placement, opened_reply

__all__ = ["CLUSTER", "INSTRUMENT", "STAGE", "HandOver", "Placement", "Reconciler",
           "ReviewService", "ReviewView", "articles", "closed_reply", "load_views",
           "long_day", "opened_reply", "review_choice", "review_scope", "status_card"]
