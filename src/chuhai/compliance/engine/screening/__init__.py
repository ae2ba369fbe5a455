"""Restricted-party screening, pure: list files parsed into entries (`lists`), names normalised across
scripts and legal forms (`names`), parties matched against entries with blocking and fuzzy scores
(`matcher`), and the batch contract `chuhai screen` (`contract`)."""
