"""What importing loads, checked in a fresh interpreter (the test process has
loaded everything already): the core never pulls in the UI; the checklists
engine pulls in neither the UI nor storage nor the services."""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_core_loads_no_textual():
    code = (
        "import sys\n"
        "import xiaoneng.services.core, xiaoneng.services.roster, xiaoneng.checklists,"
        " xiaoneng.export, xiaoneng.store, xiaoneng.cli\n"
        "print([m for m in sys.modules if m.split('.')[0] == 'textual'])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_checklists_load_no_ui_storage_or_services():
    code = (
        "import sys, xiaoneng.checklists, xiaoneng.checklists.regulation, "
        "xiaoneng.checklists.sheet\n"
        "bad = [m for m in sys.modules if m.split('.')[0] == 'textual' "
        "or m.startswith(('xiaoneng.tui', 'xiaoneng.store', 'xiaoneng.services'))]\n"
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_status_loads_no_spreadsheet_reader(core):
    """`status` asks whether a roster import was cut off (roster_journal), which
    must not load openpyxl and the importer: 0.16 s of every `status`."""
    code = (
        "import sys, contextlib, io\n"
        "from xiaoneng.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        f"    main(['--data', {str(core.root)!r}, 'status', '--json'])\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'openpyxl'}),"
        " 'xiaoneng.services.roster_import' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] False", out.stdout + out.stderr
