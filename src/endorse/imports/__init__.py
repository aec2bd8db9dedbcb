"""Records carried over from an association's earlier system: one template per kind of record
(`columns`), a reader for CSV and XLSX files (`reader`), and the dry run and the apply
(`domain`). See docs/import.md."""
