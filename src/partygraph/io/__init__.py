"""Reading and writing models: YAML sources, CSV and Arrow tables, origins,
loading, reference resolution, dumping and atomic files."""
