"""The public showcase: verified enterprises and their products for anyone, without signing in."""
