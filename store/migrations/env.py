"""Alembic's entry: migrate the connection the app hands over (store.db.migrate), or DATABASE_URL from the command
line (`python -m alembic upgrade head`)."""

from alembic import context
from sqlalchemy import create_engine

from store.db import database_url
from store.schema import metadata

config = context.config


def run(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


given = config.attributes.get("connection")
if given is not None:
    run(given)
else:
    with create_engine(database_url()).begin() as connection:
        run(connection)
