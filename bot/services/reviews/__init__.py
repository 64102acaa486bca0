"""Country reviews: opening and moving them, their status cards, reminders and channels."""

from bot.services.reviews._reconciler import Reconciler
from bot.services.reviews._scope import review_scope
from bot.services.reviews._service import ReviewService
from bot.services.reviews._text import CLUSTER, INSTRUMENT, STAGE, articles, long_day
from bot.services.reviews._views import ReviewView, load_views, status_card

__all__ = ["CLUSTER", "INSTRUMENT", "STAGE", "Reconciler", "ReviewService", "ReviewView",
           "articles", "load_views", "long_day", "review_scope", "status_card"]
