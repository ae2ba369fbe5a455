"""Pure pieces of the showcase: readable slugs, the product search, the sitemap document."""
