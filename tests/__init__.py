"""The suite: one folder for each package it tests (tests/ui/ has its own helpers on its path)."""
