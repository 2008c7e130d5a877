"""``python -m partybuild_metrics`` runs the command line."""

import sys

from partybuild_metrics.cli import main

sys.exit(main())
