"""Widgets, by the area of the screen they draw: chat, map views, status bar."""
