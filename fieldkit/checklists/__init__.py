"""Checklists as worked on a case: which items are ticked, by whom and when, and what is left.

The content says what a checklist holds (`fieldkit.content.model.Checklist`); the case keeps
which items were ticked. This package joins the two, once, for the case, the note and the view.
"""
