"""Units (provinces, agencies, districts, communes) as a dated tree with lineage."""
