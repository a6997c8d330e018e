"""Author mode: the specialists' window for checking content (graph, problems, test walks)."""
