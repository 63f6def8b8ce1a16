"""Reading and writing frameworks in the formats people author them in (YAML, Excel)."""
