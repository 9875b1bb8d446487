"""LGPD for a person: consents, data-subject requests, the export ZIP and the account's erasure."""
