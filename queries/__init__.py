"""Named questions: one `.sql` file each, answered by `queries.engine.run(name, params)`."""
