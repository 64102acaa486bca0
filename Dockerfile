# deskreview in a container: a small Python base, a non-root user, the database on a volume.
#   docker compose up -d          (see compose.yaml and README, "Running on a server")

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY cogs ./cogs
COPY storage ./storage
RUN pip install --no-cache-dir --prefix=/install .

FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DESKREVIEW_DATABASE=/data/deskreview.sqlite3 \
    DESKREVIEW_BACKUP_DIR=/data/backups
RUN useradd --system --uid 10001 --user-group --home-dir /data --shell /usr/sbin/nologin \
        deskreview \
    && mkdir -p /data/backups && chown -R deskreview:deskreview /data
COPY --from=build /install /usr/local
USER deskreview
WORKDIR /data
VOLUME ["/data"]
# healthy while the running bot writes its heartbeat every minute and no timer is late
HEALTHCHECK --interval=60s --timeout=15s --start-period=120s --retries=3 \
    CMD ["deskreview", "health"]
STOPSIGNAL SIGTERM
CMD ["deskreview", "run"]
