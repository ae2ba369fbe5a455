"""The role dashboards (the home page): what each role sees first, gathered from the other domains."""
