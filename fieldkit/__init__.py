"""FieldKit: an offline field-triage assistant for officers meeting online child sexual abuse."""

__version__ = "0.1.0"
