"""What every PDF FieldKit writes shares: the embedded DejaVu font, paragraph styles and the
escaping of text into reportlab markup (the note, labels, leaflets, talk packs, guide graphs)."""
