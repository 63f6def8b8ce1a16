"""Word, Excel and PDF documents rendered from core and plan objects (no Django)."""
