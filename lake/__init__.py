"""Writing and describing the lake: schema, reference data, policy, manifest, demo generator, importer."""
