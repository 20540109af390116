"""Where the package's files are; everything else about the build is in setup.cfg.

templates/ and migrations/ stay at the top of the repository and ship inside the wheel as
factcheck.templates and factcheck.migrations, so that an installed factcheck serves its pages
and migrates its database. The app finds both through importlib.resources, which answers the
same for an editable install and for a wheel. (setup.cfg cannot add packages to a `find:`.)
"""

import shutil

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

MAPPED = {"factcheck.templates": "templates", "factcheck.migrations": "migrations"}


class FreshBuildPy(build_py):
    """`pip install .` builds in the checkout's build/ and copies into the wheel every file
    it finds there, including one the checkout has since removed: an upgrade then installed
    a migration that the new release had deleted or renamed (two heads, and init-db stops).
    Each build starts from an empty build/lib."""

    def run(self) -> None:
        shutil.rmtree(self.build_lib, ignore_errors=True)
        super().run()


setup(
    packages=[*find_packages(include=["factcheck", "factcheck.*"]), *MAPPED],
    package_dir=MAPPED,
    cmdclass={"build_py": FreshBuildPy},
)
