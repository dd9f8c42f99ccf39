"""Spiders of newsmon's crawler: one generic spider, driven by a source of the config."""
