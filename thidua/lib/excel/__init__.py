"""Reading users' spreadsheets safely (python-calamine behind size limits), typed cells and
rows with Vietnamese reasons. No models: imports, eligibility and later reports share it."""
