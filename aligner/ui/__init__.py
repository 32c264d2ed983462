"""Streamlit review workbench helpers: pure HTML rendering, review view-state, reports, auth and cached resources."""
