"""What happens in time: the ledger, safe file edits, roster filings."""
