# Masthead production image: gunicorn serving the app, migrations applied on start.
# scripts/check-docker-recipe performs these same steps outside Docker in CI.

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY server ./server
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    MASTHEAD_MIGRATIONS_DIR=/app/migrations \
    MASTHEAD_BIND=0.0.0.0:8000 \
    MASTHEAD_DATABASE_URL=sqlite:////data/masthead.sqlite3 \
    MASTHEAD_RATELIMIT_STORAGE_URI=masthead+sqlite:////data/ratelimits.sqlite3 \
    MASTHEAD_SEED=1
RUN useradd --create-home --uid 10001 masthead && mkdir /data && chown masthead /data
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
WORKDIR /app
COPY gunicorn.conf.py alembic.ini ./
COPY migrations ./migrations
COPY docker/entrypoint.sh ./entrypoint.sh
USER masthead
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=3)"
ENTRYPOINT ["/app/entrypoint.sh"]
