"""Pure image and archive checks for media: `images` (sniffing, re-encoding, thumbnails), `archive` (the
bulk ZIP of photos named by SKU), `sigv4` (AWS Signature Version 4 for an S3-compatible store)."""
