"""The application's own database: what people write (accounts, the access log; later the 推选 workflow).

SQLAlchemy Core on SQLite (the embedded default, WAL mode) or PostgreSQL (production), chosen by `DATABASE_URL`;
the schema is made and upgraded by Alembic (`store/migrations/`) the first time a process opens the database.
The statistics stay in the Parquet lake; this package may import `lake` and nothing above it.
"""
