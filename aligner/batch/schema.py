"""The batch output's row schema, written once: column names and types of the pairs, issues and docs tables."""

from __future__ import annotations

from typing import Any

# kind -> ((column, type), ...); types: "string", "int64", "float64", "list<int64>". Every row dict, the Parquet
# schemas and the empty tables come from this table.
ROW_SCHEMA: dict[str, tuple[tuple[str, str], ...]] = {
    "pairs": (
        ("doc_id", "string"), ("pair_id", "string"), ("src_text", "string"), ("tgt_text", "string"),
        ("src_ids", "list<int64>"), ("tgt_ids", "list<int64>"), ("similarity", "float64"), ("score", "float64"),
        ("role", "string"),
    ),
    "issues": (
        ("doc_id", "string"), ("pair_id", "string"), ("check", "string"), ("category", "string"),
        ("severity", "string"), ("side", "string"), ("start", "int64"), ("end", "int64"), ("message", "string"),
    ),
    "docs": (
        ("doc_id", "string"), ("source", "string"), ("n_pairs", "int64"), ("n_issues", "int64"),
        ("n_sentences", "int64"), ("score", "float64"), ("signature", "string"), ("error", "string"),
    ),
}  # fmt: skip
KINDS = ("pairs", "issues", "docs")  # docs is written last: its presence closes a shard


def columns(kind: str) -> tuple[str, ...]:
    """The column names of table ``kind``, in order."""
    return tuple(name for name, _ in ROW_SCHEMA[kind])


def row(kind: str, **values: Any) -> dict[str, Any]:
    """A row of table ``kind``: exactly its columns, in order (a missing or unknown column is a bug: ValueError)."""
    names = columns(kind)
    if set(values) != set(names):
        missing, extra = sorted(set(names) - set(values)), sorted(set(values) - set(names))
        raise ValueError(f"{kind} row: missing {missing}, unknown {extra}")
    return {name: values[name] for name in names}


def arrow_schema(kind: str) -> Any:
    """The pyarrow schema of table ``kind`` (explicit, so that all-null columns keep their type)."""
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "list<int64>": pa.list_(pa.int64())}
    return pa.schema([(name, types[kind_of]) for name, kind_of in ROW_SCHEMA[kind]])


__all__ = ["KINDS", "ROW_SCHEMA", "arrow_schema", "columns", "row"]
