"""Mail: templates (pt-BR, English), the MIME message, and its transports (SMTP, or a folder)."""
