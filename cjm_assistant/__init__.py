"""cjm-assistant: build a customer journey map by talking to your terminal."""

__version__ = "0.1.0"
