FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 SUMMIT_VAR_DIR=/app/var
WORKDIR /app
# DejaVu Sans: the badge PDFs' font (checkin/pdf.py), with every Nordic letter.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
# Exactly the versions in uv.lock (hashes checked), runtime only: first the dependencies (a layer
# that changes only with the lock), then Summit itself.
ENV UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH
RUN pip install --no-cache-dir uv==0.13.9
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --locked --no-dev --no-install-project --no-cache
COPY . .
RUN uv sync --locked --no-dev --no-editable --no-cache
RUN python scripts/catalogs.py compile
RUN DEBUG=0 SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput
RUN useradd --create-home summit && mkdir -p var && chown -R summit var
USER summit
EXPOSE 8000
CMD ["gunicorn", "summit.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
