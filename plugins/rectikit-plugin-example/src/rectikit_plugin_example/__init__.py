"""rectikit-plugin-example: an organization's own rule for rectikit.

Adds rule ``ORG001`` (contract-over-budget): a purchase whose contract amount exceeds
its budget by more than a tolerance. The rule (texts, parameters, citation) lives in
``rules.toml``; the code that enforces it in :mod:`.checks`; the hooks rectikit calls
in :mod:`.plugin`.
"""

__version__ = "0.1.0"
