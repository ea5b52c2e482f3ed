"""Allow ``python -m sowlint``.

``python -m`` puts the current directory first on ``sys.path``; sowlint never imports Python from
the working directory implicitly (a stray ``docx.py`` or a plugin's look-alike there must not run),
so that entry is dropped before anything else is imported.
"""

import os
import sys

if sys.path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

from sowlint.entry import main

main()
