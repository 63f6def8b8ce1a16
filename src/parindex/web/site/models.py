"""No models: the module exists so ``post_migrate`` reaches this app (the cache table)."""
