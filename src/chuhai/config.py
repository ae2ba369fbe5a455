"""The one settings object. Every value can be set with a `CHUHAI_` environment variable."""

from __future__ import annotations

import ipaddress
import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path.cwd()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CHUHAI_", env_file=".env", extra="ignore")

    database_url: str = "sqlite:///var/chuhai.db"
    # PostgreSQL connections each process keeps open (and how many more it may open at a peak; those are closed
    # once returned). A web worker serves up to 40 requests at once (its thread pool): below that, connections
    # were opened and closed all the time under load, and each new server process costs PostgreSQL milliseconds
    # of CPU (a third of its CPU in the load benchmark). Mind PostgreSQL's max_connections (100 by default):
    # (pool size + overflow) × worker processes, plus job children and tools.
    db_pool_size: int = 20
    db_max_overflow: int = 20
    data_dir: Path = Path("var")
    secret_key: str | None = None
    default_locale: str = "zh_CN"
    session_max_age_s: int = 14 * 24 * 3600
    # Login rate limit: at most this many failed attempts per email+IP in the window.
    login_max_failures: int = 5
    login_window_s: int = 300
    # Per client address, whatever the e-mail (one address spraying guesses over many accounts), same window.
    login_address_max_failures: int = 50
    # Per account, whatever the address (guesses from rotating addresses): beyond this many failures in
    # `login_account_window_s`, each attempt waits 2, 4, 8 … seconds (at most `login_backoff_max_s`) after the
    # last failure — a back-off, never a lock. A browser that signed in to the account before skips it.
    login_account_free_failures: int = 10
    login_account_window_s: int = 3600
    login_backoff_max_s: int = 900
    # Sign-ups per client address in the window (page and API together).
    signup_max_per_address: int = 5
    signup_window_s: int = 3600
    api_token_ttl_days: int = 90
    # Reverse proxies whose X-Forwarded-For is believed (comma-separated addresses or networks, e.g.
    # "127.0.0.1,10.0.0.0/8"): rate limits then count the client the proxy names. Unset: none, the peer's
    # address is the client's (a client could otherwise choose its own address by sending the header).
    trusted_proxies: str = ""
    # Rows per page of the list pages (`chuhai.web.deps.PageSize`).
    page_size: int = 25
    # Cookies only over HTTPS. Unset: on everywhere but the embedded default (SQLite), since a deployment
    # (PostgreSQL) is served over TLS; CHUHAI_SECURE_COOKIES=1 or 0 decides it either way.
    secure_cookies: bool | None = None
    # Request bodies over these sizes are refused with 413 as they stream in, before anything parses them:
    # every route, and the upload routes (imports). The reverse proxy in front should refuse them too.
    max_body_bytes: int = 1 << 20
    # Templates re-read when their file changes (CHUHAI_TEMPLATES_RELOAD=1 while editing them): off, a page does not
    # stat a dozen template files on every request.
    templates_reload: bool = False
    max_upload_bytes: int = 50 << 20
    # Imports from the page or the API running at once: per user, and in all (429 beyond).
    import_max_per_user: int = 2
    import_max_running: int = 4
    # Background jobs (chuhai.jobs). `jobs_embedded`: the web process runs them (the default); off when a
    # separate `chuhai jobs work` process does. Jobs at once per runner; how often it looks for work, beats the
    # heartbeat of its running jobs (PostgreSQL), and after how long without one another process calls a job
    # interrupted; how long finished jobs are kept; how long a stopping runner waits for running jobs.
    jobs_embedded: bool = True
    jobs_concurrency: int = 2
    jobs_poll_s: float = 2.0
    jobs_heartbeat_s: float = 10.0
    jobs_stale_after_s: float = 120.0
    jobs_keep_days: int = 30
    jobs_shutdown_s: float = 10.0
    # Limits of an isolated job's child process (imports, scheduling runs): processor seconds of its work,
    # address space, size of any file it writes (on SQLite the database file and its journal too: keep it above
    # the database's size). A kind may set its own.
    jobs_child_cpu_s: int = 600
    jobs_child_memory_mb: int = 2048
    jobs_child_file_mb: int = 16384
    # E-mail (chuhai.mail): links in e-mails are absolute, from `public_base_url`. No `smtp_host` (the embedded
    # default): nothing is sent, the messages wait on the operator's outbox page. `smtp_security`: "starttls",
    # "tls" (implicit, port 465) or "none". Temporary failures (4xx, refused, timeouts) are retried after
    # `mail_retry_base_s` × 2^(attempt-1) (at most `mail_retry_max_s`); after `mail_max_attempts`, failed.
    # A message still "sending" `mail_sending_lease_s` after its worker claimed it is recovered (see delivery).
    public_base_url: str = "http://127.0.0.1:8000"
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_security: str = "starttls"
    smtp_user: str | None = None
    smtp_password: str | None = None
    # A private CA's certificate (PEM) to verify the SMTP server with, instead of the system's trusted roots.
    smtp_ca_file: Path | None = None
    smtp_timeout_s: float = 10.0
    mail_sender: str = "Chuhai <noreply@chuhai.localhost>"
    mail_max_attempts: int = 6
    mail_retry_base_s: int = 60
    mail_retry_max_s: int = 6 * 3600
    mail_batch_size: int = 50
    mail_sending_lease_s: int = 300
    # Compute expensive dashboard aggregates in the background at start-up (off in tests).
    warm_caches: bool = True
    # `chuhai insight report`: an ORDERS.csv larger than this is checked into a temporary Parquet file
    # next to REPORT.json instead of memory (about 2.5x the CSV's size in RAM otherwise).
    insight_spill_mb: int = 1024
    # Matching (passed by the platform into `chuhai.matching.engine`): where jieba caches its dictionary
    # (unset: the system's temporary directory / chuhai-cache); BM25 + glossary only, without the
    # embedding model ("1", "true" or "yes"); how demands are embedded, "static" or "e5" (unset: e5).
    cache_dir: Path | None = None
    match_lexical_only: bool = False
    match_query_encoder: str | None = None
    # The zh↔en term pairs mined from the platform's own bilingual titles (`chuhai match mine-terms` writes them,
    # the matcher reads them besides the shipped list when it builds or loads its index; unset:
    # DATA_DIR/match-terms.tsv).
    match_terms_file: Path | None = None

    @property
    def match_terms_path(self) -> Path:
        return self.match_terms_file or self.data_dir / "match-terms.tsv"

    @field_validator("match_lexical_only", mode="before")
    @classmethod
    def _lexical_only(cls, value: object) -> object:
        """As the variable always read: only "1", "true" or "yes" (any case) switch it on."""
        return value.lower() in ("1", "true", "yes") if isinstance(value, str) else value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxy_networks(cls, value: str) -> str:
        """Every entry an address or a network: a typo fails at start-up, not as a silently ignored proxy."""
        for part in value.split(","):
            if part.strip():
                ipaddress.ip_network(part.strip(), strict=False)  # ValueError: pydantic names the setting
        return value

    @field_validator("cache_dir", "match_query_encoder", "match_terms_file", "secure_cookies", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value else value
    # `chuhai insight report --backend postgres`: the server (postgresql://user@host:port/db); unset, the
    # local test server (see `chuhai.insight.engine.backends.connect_postgres`).
    insight_postgres_url: str | None = None
    # Photos and files (chuhai.media): one upload's size, the pixel cap (decompression bombs), the display
    # and thumbnail sizes, photos per product and files per enterprise, the bulk photo ZIP's limits.
    media_max_bytes: int = 10 << 20
    media_max_pixels: int = 40_000_000
    media_display_px: int = 1200
    media_thumb_px: int = 320
    media_max_product_photos: int = 8
    media_max_enterprise_files: int = 30
    media_zip_max_entries: int = 500
    media_zip_max_total_bytes: int = 500 << 20
    media_zip_max_ratio: int = 100
    # Where the files live: "local" (under `media_dir`, unset: data_dir/media) or "s3" (an S3-compatible
    # object store: endpoint URL such as https://s3.eu-central-1.amazonaws.com or http://minio:9000, bucket,
    # region, keys; requests signed with AWS Signature V4).
    media_storage: str = "local"
    media_dir: Path | None = None
    media_s3_endpoint: str | None = None
    media_s3_bucket: str | None = None
    media_s3_region: str = "us-east-1"
    media_s3_access_key: str | None = None
    media_s3_secret_key: str | None = None

    def cookies_secure(self) -> bool:
        if self.secure_cookies is not None:
            return self.secure_cookies
        return not self.database_url.startswith("sqlite")

    def resolved_secret_key(self) -> str:
        """Use the configured key, else one generated once and kept in the data directory.

        No secret ever lives in the repository; a fresh machine gets its own key.
        """
        if self.secret_key:
            return self.secret_key
        key_file = self.data_dir / "secret_key"
        if key_file.exists():
            return key_file.read_text().strip()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        key_file.write_text(key)
        key_file.chmod(0o600)
        return key


@lru_cache
def get_settings() -> Settings:
    return Settings()
