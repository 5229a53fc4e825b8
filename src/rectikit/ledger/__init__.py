"""The rectification ledger: files (TOML, XLSX), status, reports, and the check loop."""
