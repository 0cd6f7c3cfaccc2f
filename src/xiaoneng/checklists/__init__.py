"""Checklist files (TOML) -> validated domain objects; no UI or storage imports here.

from xiaoneng.checklists import load_catalogue, load_file, validate_paths, Problem, Catalogue
"""

from xiaoneng.checklists.catalogue import Catalogue, load_catalogue, validate_paths
from xiaoneng.checklists.loader import load_file
from xiaoneng.checklists.problems import Problem

__all__ = ["Catalogue", "Problem", "load_catalogue", "load_file", "validate_paths"]
