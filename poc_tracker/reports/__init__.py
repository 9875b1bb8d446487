"""Reports: aggregate queries over a tenant's activity, then PDF, XLSX and JSON renderers of one model."""
