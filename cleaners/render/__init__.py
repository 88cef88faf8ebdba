"""Renderers of a `Document`: Markdown (`markdown.py`) and HTML (`html.py`), one module each."""
