import sys

from zhili_data.publish.cli import main

sys.exit(main())
