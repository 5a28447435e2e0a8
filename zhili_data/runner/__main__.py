import sys

from zhili_data.runner.cli import main

sys.exit(main())
