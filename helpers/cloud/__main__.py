"""``python -m helpers.cloud``: see :mod:`helpers.cloud.cli`."""

import sys

from helpers.cloud.cli import main

sys.exit(main())
