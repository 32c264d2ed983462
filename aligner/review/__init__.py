"""Review integrity: checks that always match the shown text, edit-box conflicts, undo/redo of the last action."""
