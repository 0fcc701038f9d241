FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 SUMMIT_VAR_DIR=/app/var
WORKDIR /app
COPY pyproject.toml README.md ./
COPY summit summit
COPY accounts accounts
COPY events events
COPY outbox outbox
COPY registrations registrations
COPY sessions_app sessions_app
COPY bench bench
RUN pip install --no-cache-dir .
COPY . .
RUN python scripts/catalogs.py compile
RUN DEBUG=0 SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput
RUN useradd --create-home summit && mkdir -p var && chown -R summit var
USER summit
EXPOSE 8000
CMD ["gunicorn", "summit.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
