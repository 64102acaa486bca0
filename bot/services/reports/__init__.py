"""Reports: the status of all reviews for the working groups, and the secretariat's overview.

The status report holds aggregates across all reviews only — it never names or orders States.
It is gathered as the rows stood at the end of a day, aggregated by a pure function of the
domain, and delivered as a short text, a CSV file and a chart. The overview lists each review
for the secretariat's own follow-up (not for publication), ordered by State code.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from bot.clock import Clock
from bot.domain.errors import InputError
from bot.domain.inputs import check_year
from bot.domain.mechanism import Cluster
from bot.domain.reviews import Stage
from bot.domain.status_report import StatusReport, status_report
from bot.i18n import Language, Msg
from bot.services.reports import _wording as w
from bot.services.reports._gather import rows_as_of
from bot.services.reports._overview import OverviewPage, labels, overview_pages
from bot.services.reports._render import plain, report_csv, report_text
from bot.services.reviews import load_views
from storage.db import Store
from storage.reports import overdue_requests_by_review
from storage.reviews import all_reviews


class StatusFiles(BaseModel):
    """The report in its three forms, and the names its files go by."""

    model_config = ConfigDict(frozen=True)
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)
    report: StatusReport
    text: str  # with Discord markup, for a message, in the language asked for
    csv: bytes
    png: bytes
    head: Msg | None = None
    note: Msg | None = None

    def render(self, language: Language) -> str:
        """The message text in another language (a channel may read two)."""
        return report_text(self.report, language, head=self.head, note=self.note)

    @property
    def stem(self) -> str:
        scope = "" if self.report.cluster is None else f"-cluster-{self.report.cluster.value}"
        return f"status-{self.report.as_of.isoformat()}{scope}"

    @property
    def plain_text(self) -> bytes:
        return plain(self.text).encode("utf-8")

    def named(self) -> dict[str, bytes]:
        """The three files: text, CSV and chart."""
        return {f"{self.stem}.txt": self.plain_text, f"{self.stem}.csv": self.csv,
                f"{self.stem}.png": self.png}


class ReportService:
    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    def today(self) -> date:
        return self.clock.now().date()

    # ------------------------------------------------------------------------- input

    def parse_day(self, text: str | None) -> date:
        """The as-of date: today when not given; never a day still ahead."""
        if text is None or not text.strip():
            return self.today()
        try:
            day = date.fromisoformat(text.strip())
        except ValueError:
            raise InputError(w.BAD_DAY) from None
        return self.check_day(day)

    def check_day(self, day: date) -> date:
        check_year(day.year, field=w.DAY_FIELD)
        if day > self.today():
            raise InputError(w.fill(w.FUTURE_DAY, today=self.today().isoformat(),
                                    day=day.isoformat()))
        return day

    @staticmethod
    def parse_cluster(value: int | None) -> Cluster | None:
        if value is None:
            return None
        try:
            return Cluster(value)
        except ValueError:
            raise InputError(w.BAD_CLUSTER) from None

    # ------------------------------------------------------------------ the report

    async def status(self, as_of: date, cluster: Cluster | None = None) -> StatusReport:
        """The aggregates as they stood at the end of `as_of` (UTC)."""
        async with self.store.read() as tx:
            reviews, requests, calls = await rows_as_of(tx, as_of)
        return status_report(as_of, reviews, requests, calls, cluster=cluster)

    async def files(
        self, as_of: date, cluster: Cluster | None = None, *, monthly: bool = False,
        late: bool = False, language: Language = Language.EN,
    ) -> StatusFiles:
        """The report; its text and CSV headings in ``language`` (the chart stays in English:
        its font has no Arabic or Chinese letters)."""
        from bot.services.reports.chart import render_png

        report = await self.status(as_of, cluster)
        head, note = (w.MONTHLY_HEAD if monthly else None), (w.LATE_NOTE if late else None)
        text = report_text(report, language, head=head, note=note)
        # drawn in the event loop, not a thread: a few tenths of a second once a month or on
        # request, and a job whose every step the loop (and a simulated Discord) can follow
        png = render_png(report)
        return StatusFiles(report=report, text=text, csv=report_csv(report, language), png=png,
                           head=head, note=note)

    # ---------------------------------------------------------------- the overview

    @staticmethod
    def parse_stage(value: str | None) -> Stage | None:
        if value is None or not value.strip():
            return None
        try:
            return Stage(value.strip())
        except ValueError:
            names = ", ".join(s.value for s in Stage)
            raise InputError(w.fill(w.BAD_STAGE, value=value, names=names)) from None

    async def overview(
        self, stage: Stage | None, only_late: bool, page: int = 0, *, limit: int = 1900,
        language: Language = Language.EN,
    ) -> OverviewPage:
        """One page of the overview (the last page when `page` is past the end)."""
        today = self.today()
        async with self.store.read() as tx:
            views = await load_views(tx, await all_reviews(tx))
            overdue = await overdue_requests_by_review(tx, today)
        pages = overview_pages(views, overdue, today, stage=stage, only_late=only_late,
                               limit=limit, language=language)
        index = max(0, min(page, len(pages) - 1))
        previous, following = labels(language)
        return OverviewPage(text=pages[index], page=index, pages=len(pages),
                            previous_label=previous, next_label=following)


__all__ = ["OverviewPage", "ReportService", "StatusFiles"]
