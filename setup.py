"""Build hook: ship the repository's `content/` packs inside the wheel as `npsworkshop/content`.

The packs live at the top of the repository (where councils and reviewers find them) but must be
available after a plain, non-editable `pip install .`, so the build copies them into the package.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithContent(build_py):
    def run(self) -> None:
        super().run()
        source = Path(__file__).parent / "content"
        target = Path(self.build_lib) / "npsworkshop" / "content"
        if source.is_dir():
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target)


setup(cmdclass={"build_py": BuildWithContent})
