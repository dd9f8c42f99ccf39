"""newsmon: polls news outlets, keeps clean article text, and flags figures it has not seen before."""

import logging

__version__ = "0.1.0"
__all__ = ["__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
