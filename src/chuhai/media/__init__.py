"""Photos and files: product photos (ordered, one cover) and an enterprise's photos and documents (factory,
showroom, certificates), type-checked by content, stripped of metadata, re-encoded with a thumbnail and a
display size, kept behind a small storage interface (local disk or an S3-compatible store) and served
under content-hashed, immutable URLs. `service.cover_images` / `product_images` / `enterprise_images` are
what other domains (pages, PDFs, the public showcase) read."""
