"""Where the package's files are; everything else about the build is in setup.cfg.

templates/ and migrations/ stay at the top of the repository and ship inside the wheel as
factcheck.templates and factcheck.migrations, so that an installed factcheck serves its pages
and migrates its database. The app finds both through importlib.resources, which answers the
same for an editable install and for a wheel. (setup.cfg cannot add packages to a `find:`.)
"""

from setuptools import find_packages, setup

MAPPED = {"factcheck.templates": "templates", "factcheck.migrations": "migrations"}

setup(
    packages=[*find_packages(include=["factcheck", "factcheck.*"]), *MAPPED],
    package_dir=MAPPED,
)
